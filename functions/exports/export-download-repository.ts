import { randomUUID } from 'node:crypto';
import { exportDownload } from '#shared/data/keys';
import { createItem } from '#shared/data/table';
import { exportRetentionDays } from './export-record';

// The note of a download link issued (docs/data-model.md EXP-5), apart from the export's other
// writes so that the status route carries only this one.

/**
 * EXP-5: notes that the requester was given a download link of the export's file: one PutItem of
 * a small `ExportDownload` record (who, which export, report and format), kept as long as the
 * export. The stream consumer files it as the `export_downloaded` audit entry.
 */
export async function noteExportDownload(download: {
  accountId: string;
  exportId: string;
  report: string;
  format: string;
  userId: string;
  at: Date;
}): Promise<void> {
  const at = download.at.toISOString();
  const expiresAt = Math.floor(download.at.getTime() / 1000) + exportRetentionDays * 24 * 3600;
  await createItem(
    {
      ...exportDownload(download.accountId, download.exportId, at, randomUUID()),
      entity: 'ExportDownload',
      exportId: download.exportId,
      report: download.report,
      format: download.format,
      downloadedBy: download.userId,
      downloadedAt: at,
      expiresAt,
    },
    'The download was noted already',
  );
}
