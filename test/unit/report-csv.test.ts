import { describe, expect, it } from 'vitest';
import { neutralisedCell, reportCsv } from '../../functions/reports/report-csv';

describe('report CSV cells', () => {
  it('puts a single quote before every cell a spreadsheet could read as a formula', () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x")']) {
      expect(neutralisedCell(text)).toBe(`'${text}`);
    }
  });

  it('leaves other text, numbers and flags as they are, lists joined, nothing empty', () => {
    expect(neutralisedCell('Café crème')).toBe('Café crème');
    expect(neutralisedCell('a=1')).toBe('a=1');
    expect(neutralisedCell(3)).toBe('3');
    expect(neutralisedCell(false)).toBe('false');
    expect(neutralisedCell(null)).toBe('');
    expect(neutralisedCell(['ann@example.com', 'max@example.com'])).toBe('ann@example.com; max@example.com');
    // A list whose first entry starts like a formula is neutralised as a whole cell.
    expect(neutralisedCell(['=1', 'b'])).toBe("'=1; b");
  });

  it('writes a BOM, a header row and quoted cells with CRLF line ends', () => {
    const csv = reportCsv(['title', 'externalUserNames'], [{ title: '-2, "x"', externalUserNames: ['Zoë Ann'] }]);
    expect(csv).toBe('\ufefftitle,externalUserNames\r\n"\'-2, ""x""",Zoë Ann\r\n');
  });
});
