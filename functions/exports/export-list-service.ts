import type { StaffCaller } from '#shared/http';
import { listRequesterExports } from './export-list-repository';
import { type ExportView, exportView } from './export-status-service';

/** Exports per page unless the caller asks for another number. */
export const defaultExportPage = 20;

/**
 * The caller's own exports, newest first, one page (one Query): another user's exports never
 * appear, whatever their role. Each as `GET /exports/{id}` shows it but without a download URL:
 * that route issues one, and the audit trail notes each link issued as a download, which a look
 * at the list is not.
 */
export async function listExports(
  caller: StaffCaller,
  query: { limit?: number | undefined; cursor?: string | undefined },
  now: () => Date = () => new Date(),
): Promise<{ items: ExportView[]; cursor?: string }> {
  const page = await listRequesterExports(caller.accountId, caller.userId, {
    limit: query.limit ?? defaultExportPage,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  const items = await Promise.all(page.items.map((record) => exportView(record, caller.userId, undefined, now)));
  return page.cursor ? { items, cursor: page.cursor } : { items };
}
