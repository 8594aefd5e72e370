/** The reports an export can be made of. */
export const exportReports = ['jobs', 'incidents', 'audit'] as const;
export type ExportReport = (typeof exportReports)[number];

/** The reports of items: their exports may also take the import template's layout. */
export type ItemExportReport = Exclude<ExportReport, 'audit'>;

/** The file formats of an export. */
export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** An export's life: queued (written by the route), running (chunks written), done, failed. */
export const exportStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type ExportStatus = (typeof exportStatuses)[number];

/** How long an export (record and file) is kept: the exports bucket's lifecycle has the same. */
export const exportRetentionDays = 7;

export type { ExportRecord } from './export-record.schema';
