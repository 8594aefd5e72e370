import { CsvError, parse } from 'csv-parse/sync';
import { isZip, maxImportRows } from './import-limits';

// An uploaded import file as rows of text: CSV with csv-parse (strict), XLSX with exceljs (loaded
// only for an XLSX file: it is large, and the import processor is an asynchronous worker, see
// docs/imports.md). What makes a whole file unusable is a FileProblem, never an exception.

/** Why a whole file cannot be imported: a stable code, a message, and details naming what. */
export interface FileProblem {
  code: string;
  message: string;
  details?: unknown;
}

/** A file's header and data rows (cells as text), or what is wrong with it. */
export type ReadFile = { ok: true; header: string[]; rows: string[][] } | { ok: false; problem: FileProblem };

const fail = (code: string, message: string, details?: unknown): ReadFile => ({
  ok: false,
  problem: { code, message, ...(details !== undefined ? { details } : {}) },
});

/**
 * A CSV file's rows: UTF-8 only (a byte sequence that is not UTF-8, as in a file that mixes
 * encodings, is refused: its accents would be wrong), a byte order mark accepted and dropped, CRLF
 * or LF line ends, quoted cells that hold separators, quotes and line breaks; every row as long as
 * the header; blank lines skipped.
 */
export function readCsv(bytes: Uint8Array): ReadFile {
  if (isZip(bytes)) return fail('IMPORT_FORMAT_MISMATCH', 'This is an XLSX file; start the import with format xlsx');
  let text: string;
  try {
    // fatal: a byte sequence that is not UTF-8 is an error, not a replacement character.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fail('IMPORT_FILE_ENCODING', 'The file is not UTF-8 text (save it as "CSV UTF-8")');
  }
  if (text.includes('\u0000')) return fail('IMPORT_FILE_NOT_CSV', 'The file is not CSV text');
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
      relax_quotes: false,
      max_record_size: 200_000,
      to_line: maxImportRows + 2,
    }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) {
      const { lines } = error as CsvError & { lines?: number };
      return fail('IMPORT_FILE_NOT_CSV', `The file is not valid CSV: ${error.message}`, {
        code: error.code,
        ...(lines !== undefined ? { line: lines } : {}),
      });
    }
    throw error;
  }
  return rowsOf(records);
}

function rowsOf(records: string[][]): ReadFile {
  const [header, ...rows] = records;
  if (!header) return fail('IMPORT_FILE_EMPTY', 'The file has no header row');
  if (rows.length > maxImportRows) {
    return fail('IMPORT_TOO_MANY_ROWS', `An import takes at most ${maxImportRows} rows`, { maxRows: maxImportRows });
  }
  return { ok: true, header, rows };
}

/** A spreadsheet cell as text: a formula as its text (never evaluated), a date in ISO 8601. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const cell = value as { formula?: string; sharedFormula?: string; richText?: { text: string }[]; text?: string };
    if (cell.formula !== undefined || cell.sharedFormula !== undefined) return `=${cell.formula ?? cell.sharedFormula}`;
    if (cell.richText) return cell.richText.map((part) => part.text).join('');
    if (cell.text !== undefined) return String(cell.text);
    return '';
  }
  return String(value);
}

/** An XLSX file's rows: the first worksheet, each row as long as the header, empty rows skipped. */
export async function readXlsx(bytes: Uint8Array): Promise<ReadFile> {
  if (!isZip(bytes)) return fail('IMPORT_FILE_NOT_XLSX', 'The file is not an XLSX workbook');
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return fail('IMPORT_FILE_NOT_XLSX', 'The file is not an XLSX workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return fail('IMPORT_FILE_EMPTY', 'The workbook has no worksheet');
  if (sheet.actualRowCount > maxImportRows + 1) {
    return fail('IMPORT_TOO_MANY_ROWS', `An import takes at most ${maxImportRows} rows`, { maxRows: maxImportRows });
  }
  const records: string[][] = [];
  let width = 0;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = (row.values as unknown[]).slice(1);
    if (records.length === 0) width = values.length;
    const cells = Array.from({ length: Math.max(width, values.length) }, (_, i) => cellText(values[i]));
    if (cells.some((cell) => cell.trim() !== '')) records.push(cells);
  });
  const tooWide = records.findIndex((cells) => cells.slice(width).some((cell) => cell.trim() !== ''));
  if (tooWide > 0) {
    return fail('IMPORT_FILE_NOT_XLSX', `Row ${tooWide + 1} has cells beyond the header's columns`, {
      row: tooWide + 1,
    });
  }
  return rowsOf(records.map((cells) => cells.slice(0, width)));
}
