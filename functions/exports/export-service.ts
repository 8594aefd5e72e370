import { randomUUID } from 'node:crypto';
import { exportFileObject } from '#shared/data/keys';
import { NotFoundError, ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import type { StartExportBody } from './export.contract';
import type { ExportRecord } from './export-record';
import { insertExport, readExport } from './export-repository';

/** What starting an export checks before it is queued: the report's first row, exactly as GET does. */
export type ReportProbe = (
  report: ExportRecord['report'],
  caller: StaffCaller,
  query: Record<string, string>,
) => Promise<{ columns: string[] }>;

/** A validation error of the report's query, named where the body holds it (`query.x` → `body.query.x`). */
function inBody(error: unknown): unknown {
  if (!(error instanceof ValidationError) || !Array.isArray(error.details)) return error;
  const details = (error.details as { path?: string }[]).map((detail) =>
    typeof detail.path === 'string' && detail.path.startsWith('query.')
      ? { ...detail, path: `body.${detail.path}` }
      : detail,
  );
  return new ValidationError(error.message, details, error.code);
}

/**
 * Starts an export: the report's query is checked as the GET report checks it (by reading its
 * first row with the caller's permissions: unknown columns, filters that do not combine, a module
 * the caller may not see all answer as the GET would), then the Export record is written, queued.
 * The worker picks it up from the table's stream.
 */
export async function startExport(
  caller: StaffCaller,
  body: StartExportBody,
  probe: ReportProbe,
  now = new Date(),
): Promise<{ id: string; status: 'queued' }> {
  const query = Object.fromEntries(
    Object.entries(body.query ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  let columns: string[];
  try {
    ({ columns } = await probe(body.report, caller, query));
  } catch (error) {
    throw inBody(error);
  }
  const at = now.toISOString();
  const record: ExportRecord = {
    entity: 'Export',
    version: 1,
    id: randomUUID(),
    accountId: caller.accountId,
    report: body.report,
    format: body.format,
    query,
    columns,
    requestedBy: caller.userId,
    requestedByGroups: caller.groups,
    status: 'queued',
    rowsWritten: 0,
    chunks: 0,
    segments: 0,
    createdAt: at,
    updatedAt: at,
  };
  await insertExport(record);
  return { id: record.id, status: 'queued' };
}

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
 * unknown (404), as is one whose record expired. When done, a download URL valid ≤ 15 minutes.
 */
export async function exportStatus(caller: StaffCaller, exportId: string, sign: SignExportDownload) {
  const record = await readExport(caller.accountId, exportId);
  if (!record || record.requestedBy !== caller.userId) throw new NotFoundError('No such export');
  const { id, report, format, status, rowsWritten, columns, createdAt, updatedAt, finishedAt, failureReason } = record;
  const download =
    status === 'done'
      ? await sign(exportFileObject(record.accountId, id, format), {
          contentType: contentTypes[format],
          fileName: `${report}-${createdAt.slice(0, 10)}.${format}`,
        })
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
