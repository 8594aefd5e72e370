import { accountPartition, segment } from './segments';
import type { PrimaryKey, QueryTarget } from './table-definition';

/**
 * EXP-1, EXP-2: an export of a report, in a partition of its own (its progress writes touch
 * nothing else), read and changed by its id.
 */
export const exportRecord = (accountId: string, exportId: string): PrimaryKey => ({
  pk: `${accountPartition(accountId)}#EXPORT#${segment(exportId)}`,
  sk: 'EXPORT',
});

/** EXP-3: an export's finished file in the exports bucket (an S3 object key, not a table key). */
export const exportFileObject = (accountId: string, exportId: string, format: 'csv' | 'xlsx') =>
  `exports/${segment(accountId)}/${segment(exportId)}/report.${format}`;

/** EXP-3: the rows one chunk of an export wrote (JSON lines), joined into the file at the end. */
export const exportSegmentObject = (accountId: string, exportId: string, index: number) =>
  `exports/${segment(accountId)}/${segment(exportId)}/segments/${String(index).padStart(6, '0')}.jsonl`;

/**
 * EXP-5: a download link issued for an export (`GET /exports/{id}` when done), beside the export in
 * its partition: one small record per link, whose INSERT the audit trail files as
 * `export_downloaded`; it expires with the export (TTL).
 */
export const exportDownload = (accountId: string, exportId: string, at: string, requestId: string): PrimaryKey => ({
  pk: `${accountPartition(accountId)}#EXPORT#${segment(exportId)}`,
  sk: `DOWNLOAD#${at}#${segment(requestId)}`,
});

/** EXP-6: a staff user's exports in `lists`: their own partition, ordered by creation time. */
const requesterExports = (accountId: string, userId: string) =>
  `${accountPartition(accountId)}#USER#${segment(userId)}#EXPORTS`;

/**
 * EXP-1, EXP-6: index attributes of an export, written with it by its requester: listed among that
 * user's exports (only theirs) by creation time, then id.
 */
export const exportIndexes = (accountId: string, userId: string, createdAt: string, exportId: string) => ({
  gsi1pk: requesterExports(accountId, userId),
  gsi1sk: `${new Date(createdAt).toISOString()}#${segment(exportId)}`,
});

/** EXP-6: a staff user's own exports (newest first when read backwards): one Query per page on `lists`. */
export const exportsOfRequester = (accountId: string, userId: string): QueryTarget => ({
  index: 'lists',
  partition: { name: 'gsi1pk', value: requesterExports(accountId, userId) },
});
