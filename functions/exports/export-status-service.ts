import { exportFileObject } from '#shared/data/keys';
import { NotFoundError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { noteExportDownload } from './export-download-repository';
import { readExport } from './export-read-repository';

/** Signs a 15-minute download of an export's file. */
export type SignExportDownload = (
  key: string,
  file: { contentType: string; fileName: string },
) => Promise<{ url: string; expiresAt: string }>;

const contentTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * An export's state for its requester: another user's export, or one of another account, is
 * unknown (404), as is one whose record expired. When done, a download URL valid ≤ 15 minutes,
 * noted for the audit trail (`export_downloaded`, from the note's stream record).
 */
export async function exportStatus(
  caller: StaffCaller,
  exportId: string,
  sign: SignExportDownload,
  now: () => Date = () => new Date(),
) {
  const record = await readExport(caller.accountId, exportId);
  if (!record || record.requestedBy !== caller.userId) throw new NotFoundError('No such export');
  const { id, report, format, status, rowsWritten, columns, createdAt, updatedAt, finishedAt, failureReason } = record;
  // A link issued is a download as far as the audit trail can know: noted (EXP-5) with the signing.
  const download =
    status === 'done'
      ? (
          await Promise.all([
            sign(exportFileObject(record.accountId, id, format), {
              contentType: contentTypes[format],
              fileName: `${report}-${createdAt.slice(0, 10)}.${format}`,
            }),
            noteExportDownload({
              accountId: record.accountId,
              exportId: id,
              report,
              format,
              userId: caller.userId,
              at: now(),
            }),
          ])
        )[0]
      : undefined;
  return {
    id,
    report,
    format,
    status,
    rowsWritten,
    columns,
    createdAt,
    updatedAt,
    ...(finishedAt ? { finishedAt } : {}),
    ...(failureReason ? { failureReason } : {}),
    ...(download ? { download } : {}),
  };
}
