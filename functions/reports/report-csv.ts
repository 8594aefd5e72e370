import { stringify } from 'csv-stringify/sync';

/** A report cell as the JSON page holds it. */
export type Cell = string | number | boolean | null | string[];

/** The characters a spreadsheet may read as the start of a formula (OWASP "CSV Injection"). */
const formulaStarts = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * A cell as text a spreadsheet shows as it is: a list joined with "; ", nothing as empty, and
 * text starting with `=`, `+`, `-`, `@`, a tab or a carriage return behind a single quote, so no
 * spreadsheet runs it as a formula. Numbers and flags are FieldPass's own and never start so.
 */
export function neutralisedCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = Array.isArray(value) ? value.join('; ') : value;
  return formulaStarts.has(text.charAt(0)) ? `'${text}` : text;
}

/**
 * The rows as CSV (csv-stringify: quoting, separators, CRLF line ends): UTF-8 with a byte order
 * mark so Excel reads accents right, a header row of the columns, every cell neutralised.
 */
export function reportCsv(columns: readonly string[], rows: readonly Record<string, Cell>[]): string {
  const records = rows.map((row) => columns.map((name) => neutralisedCell(row[name] ?? null)));
  return stringify([columns.map((name) => neutralisedCell(name)), ...records], {
    bom: true,
    record_delimiter: 'windows',
  });
}
