import type { Cell } from '../reports/report-csv';
import type { ItemExportReport } from './export-record';

/** How an export's rows are laid out: the report's columns, or the import template's. */
export const exportLayouts = ['columns', 'template'] as const;
export type ExportLayout = (typeof exportLayouts)[number];

/**
 * The import template's layout of an export (`layout: 'template'`), which the imports capability
 * (above this one: it owns the template) fills in and the background worker hands to the export
 * processor. The worker reads the report's `sourceColumns` page by page, as for any export, and
 * `rows` turns each page into the template's cells (settings by name, people by address), so the
 * file re-imports as updates of the same items.
 */
export interface TemplateLayout {
  /** The template's column headers for the report's kind, in order. */
  columns(report: ItemExportReport): readonly string[];
  /** The report columns a page is read with. */
  sourceColumns(report: ItemExportReport): readonly string[];
  /** A page of report rows as template rows (cells in `columns`' order), with the reads it needs. */
  rows(report: ItemExportReport, accountId: string, rows: readonly Record<string, Cell>[]): Promise<Cell[][]>;
}
