import { describe, expect, it } from 'vitest';
import { csvRecords } from '../../web/console/src/csv-records';

/*
 * The console leaves the rows with errors out of an import file by the preview's row numbers
 * (header = row 1, blank lines not counted, as the import's parser counts them): its records must
 * be split exactly as csv-parse splits them, each kept as written.
 */

describe("the console's CSV record splitter", () => {
  it('splits on CRLF, LF and CR line ends and keeps each record as written', () => {
    expect(csvRecords('\uFEFFTitle,Location\r\nA,Gate\nB,Bar\rC,Hall')).toEqual([
      '\uFEFFTitle,Location',
      'A,Gate',
      'B,Bar',
      'C,Hall',
    ]);
  });

  it('keeps a quoted line break, comma and doubled quote inside its record', () => {
    expect(csvRecords('Title,Location\r\n"Two\r\nlines, ""quoted""",Gate\r\nNext,Bar\r\n')).toEqual([
      'Title,Location',
      '"Two\r\nlines, ""quoted""",Gate',
      'Next,Bar',
    ]);
  });

  it('leaves out blank lines, as the import does when it numbers rows', () => {
    expect(csvRecords('Title\r\n\r\nA\r\n\r\n\r\nB\r\n')).toEqual(['Title', 'A', 'B']);
  });
});
