import type { StaffCaller } from '#shared/http';
import { listRequesterExports } from './export-list-repository';
import { type ExportView, exportView, type SignExportDownload } from './export-status-service';

/** Exports per page unless the caller asks for another number. */
export const defaultExportPage = 20;

/**
 * The caller's own exports, newest first, one page (one Query): another user's exports never
 * appear, whatever their role. Each as `GET /exports/{id}` shows it: a done, unexpired export with
 * its download URL (each link issued noted for the audit trail, as that route notes it).
 */
export async function listExports(
  caller: StaffCaller,
  query: { limit?: number | undefined; cursor?: string | undefined },
  sign: SignExportDownload,
  now: () => Date = () => new Date(),
): Promise<{ items: ExportView[]; cursor?: string }> {
  const page = await listRequesterExports(caller.accountId, caller.userId, {
    limit: query.limit ?? defaultExportPage,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  const items = await Promise.all(page.items.map((record) => exportView(record, caller.userId, sign, now)));
  return page.cursor ? { items, cursor: page.cursor } : { items };
}
