import { reportCsv } from '../reports/report-csv';
import { type ImportKind, templateColumns } from './import-template';
import { xlsxTemplates } from './xlsx-templates';

/** A template file: its type, name and content (base64 when binary). */
export interface TemplateFile {
  contentType: string;
  name: string;
  content: string;
  base64?: boolean;
}

/**
 * The CSV template of a kind: the header row alone (UTF-8 with a byte order mark, CRLF), so a
 * file saved from it imports nothing it did not add; docs/imports.md shows an example row.
 */
export const csvTemplate = (kind: ImportKind): TemplateFile => ({
  contentType: 'text/csv; charset=utf-8',
  name: `${kind}-template.csv`,
  content: reportCsv(templateColumns[kind], []),
});

/**
 * The XLSX template of a kind: the header row (bold, frozen, every column formatted as text so
 * Excel keeps addresses, ids and dates as typed), written ahead by `npm run import-templates`.
 */
export const xlsxTemplate = (kind: ImportKind): TemplateFile => ({
  contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  name: `${kind}-template.xlsx`,
  content: xlsxTemplates[kind],
  base64: true,
});
