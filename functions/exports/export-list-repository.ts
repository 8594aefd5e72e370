import { exportsOfRequester } from '#shared/data/keys';
import { queryPage } from '#shared/data/table';
import type { ExportRecord } from './export-record';
import { exportRecordSchema } from './export-record.schema';

// The list of a staff user's own exports (docs/data-model.md EXP-6).

/**
 * EXP-6: one page of the user's own exports, newest first: one Query of their partition on
 * `lists` (each export is written there by its requester's own PutItem, EXP-1), so it reads only
 * what it returns. An export deleted by its TTL is gone from it.
 */
export function listRequesterExports(
  accountId: string,
  userId: string,
  page: { limit: number; cursor?: string },
): Promise<{ items: ExportRecord[]; cursor?: string }> {
  return queryPage(exportsOfRequester(accountId, userId), exportRecordSchema, {
    limit: page.limit,
    newestFirst: true,
    ...(page.cursor ? { cursor: page.cursor } : {}),
  });
}
