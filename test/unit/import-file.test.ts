import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readCsv, readXlsx } from '../../functions/imports/import-file';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('import files', () => {
  it('reads CSV with a BOM, CRLF line ends and a quoted cell holding a line break and quotes', () => {
    const file = utf8('\uFEFFTitle,Location\r\n"Gate ""A""\r\ncheck",Café\r\n\r\n');
    expect(readCsv(file)).toEqual({ ok: true, header: ['Title', 'Location'], rows: [['Gate "A"\r\ncheck', 'Café']] });
  });

  it('refuses bytes that are not UTF-8 (a file mixing encodings)', () => {
    const latin1 = new Uint8Array([...utf8('Title\nCaf'), 0xe9, ...utf8('\n')]);
    expect(readCsv(latin1)).toMatchObject({ ok: false, problem: { code: 'IMPORT_FILE_ENCODING' } });
  });

  it('refuses a row with more cells than the header, naming the line', () => {
    const read = readCsv(utf8('Title,Location\nA,B,C\n'));
    expect(read).toMatchObject({ ok: false, problem: { code: 'IMPORT_FILE_NOT_CSV', details: { line: 2 } } });
  });

  it('refuses binary data and an XLSX file sent as CSV', () => {
    expect(readCsv(new Uint8Array([0x00, 0x01, 0x02]))).toMatchObject({
      ok: false,
      problem: { code: 'IMPORT_FILE_NOT_CSV' },
    });
    expect(readCsv(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]))).toMatchObject({
      ok: false,
      problem: { code: 'IMPORT_FORMAT_MISMATCH' },
    });
  });

  it('refuses more than 10,000 rows', () => {
    const file = utf8(`Title\n${'x\n'.repeat(10_001)}`);
    expect(readCsv(file)).toMatchObject({ ok: false, problem: { code: 'IMPORT_TOO_MANY_ROWS' } });
    expect(readCsv(utf8(`Title\n${'x\n'.repeat(10_000)}`))).toMatchObject({ ok: true });
  });

  it('reads an XLSX workbook: formulas as their text, never evaluated, and dates in ISO 8601', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Jobs');
    sheet.addRow(['Title', 'Due Date']);
    sheet.addRow([{ formula: "cmd|' /C calc'!A0" }, new Date('2027-01-31T09:00:00Z')]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await readXlsx(bytes)).toEqual({
      ok: true,
      header: ['Title', 'Due Date'],
      rows: [["=cmd|' /C calc'!A0", '2027-01-31T09:00:00.000Z']],
    });
  });

  it('refuses a file that is not an XLSX workbook', async () => {
    expect(await readXlsx(utf8('Title\nA\n'))).toMatchObject({ ok: false, problem: { code: 'IMPORT_FILE_NOT_XLSX' } });
    const broken = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    expect(await readXlsx(broken)).toMatchObject({ ok: false, problem: { code: 'IMPORT_FILE_NOT_XLSX' } });
  });
});
