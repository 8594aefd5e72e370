import { exportFileObject } from '#shared/data/keys';
import { NotFoundError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { noteExportDownload } from './export-download-repository';
import { readExport } from './export-read-repository';
import { type ExportRecord, exportRetentionDays } from './export-record';

/** Signs a 15-minute download of an export's file. */
export type SignExportDownload = (
  key: string,
  file: { contentType: string; fileName: string },
) => Promise<{ url: string; expiresAt: string }>;

const contentTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** An export as its requester sees it (`GET /exports/{id}`, and each row of `GET /exports`). */
export type ExportView = Pick<
  ExportRecord,
  'id' | 'report' | 'format' | 'status' | 'rowsWritten' | 'columns' | 'createdAt' | 'updatedAt'
> & {
  expired: boolean;
  finishedAt?: string;
  failureReason?: string;
  download?: { url: string; expiresAt: string };
};

/**
 * An export as its requester sees it: whether it has expired (past its retention, though DynamoDB's
 * TTL may not have deleted it yet: the bucket's lifecycle takes the file then), and, with `sign`
 * (`GET /exports/{id}`), when done and not expired, a download URL valid ≤ 15 minutes, noted for
 * the audit trail (`export_downloaded`, from the note's stream record). A list shows no link: a
 * look at one's exports is no download, and the audit trail says so only of links issued.
 */
export async function exportView(
  record: ExportRecord,
  userId: string,
  sign?: SignExportDownload,
  now: () => Date = () => new Date(),
): Promise<ExportView> {
  const { id, report, format, status, rowsWritten, columns, createdAt, updatedAt, finishedAt, failureReason } = record;
  const expired = new Date(createdAt).getTime() + exportRetentionDays * 24 * 3600 * 1000 <= now().getTime();
  // A link issued is a download as far as the audit trail can know: noted (EXP-5) with the signing.
  const download =
    sign && status === 'done' && !expired
      ? (
          await Promise.all([
            sign(exportFileObject(record.accountId, id, format), {
              contentType: contentTypes[format],
              fileName: `${report}-${createdAt.slice(0, 10)}.${format}`,
            }),
            noteExportDownload({ accountId: record.accountId, exportId: id, report, format, userId, at: now() }),
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
    expired,
    ...(finishedAt ? { finishedAt } : {}),
    ...(failureReason ? { failureReason } : {}),
    ...(download ? { download } : {}),
  };
}

/**
 * An export's state for its requester: another user's export, or one of another account, is
 * unknown (404), as is one whose record expired (deleted by its TTL).
 */
export async function exportStatus(
  caller: StaffCaller,
  exportId: string,
  sign: SignExportDownload,
  now: () => Date = () => new Date(),
): Promise<ExportView> {
  const record = await readExport(caller.accountId, exportId);
  if (!record || record.requestedBy !== caller.userId) throw new NotFoundError('No such export');
  return exportView(record, caller.userId, sign, now);
}
