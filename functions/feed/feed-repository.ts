import * as z from 'zod/mini';
import {
  type AssignableType,
  auditEntryFromKeys,
  type ChangeRange,
  changeFromKeys,
  externalActivity,
  externalUser,
  externalUserAssignments,
  externalUserChanges,
  externalUsersByName,
  itemAccess,
  itemAssigneeRecords,
  itemChecklists,
  type QueryTarget,
} from '#shared/data/keys';
import {
  batchGetItems,
  getItem,
  maxBatchGetKeys,
  type Page,
  queryAll,
  queryCount,
  queryKept,
  queryPage,
} from '#shared/data/table';

// The data access of the feed's entity sets (docs/data-model.md FEED-4 to FEED-10): pages of the
// `changes` index, whose entries project the feed's columns only, the collections of the items on
// a page, the external activity and the external users (read here with the feed's own narrow
// schemas, so the function bundles neither the audit event mapping nor the external users' writes).

/** A job's or incident's entry on `changes` (the columns the index projects); `deleted` for a tombstone. */
const changeSchema = z.looseObject({ id: z.string(), updatedAt: z.string(), deleted: z.boolean() });
export type ChangedItem = z.infer<typeof changeSchema>;

/** FEED-4: one Query: a page of one visibility class's changes, oldest first. */
export function changesPage(target: QueryTarget, page: { limit: number; cursor?: string }): Promise<Page<ChangedItem>> {
  return queryPage(target, changeSchema, { ...page, fromKeys: changeFromKeys });
}

/** FEED-4 with `$count=true`: how many entries the Query matches (Select COUNT, to the partition's end). */
export function changesCount(target: QueryTarget): Promise<number> {
  return queryCount(target);
}

const logEntrySchema = z.looseObject({ itemType: z.enum(['job', 'incident']), itemId: z.string() });
/** A feed log entry: an assignment's or answer's feed columns, with its item (FEED-12). */
export type FeedLogRecord = z.infer<typeof logEntrySchema>;

/**
 * FEED-13: one Query: a page of one visibility class's log entries of assignments or
 * answers, oldest change first (the `modifiedAt` range the key condition; `status` a filter).
 */
export function feedLogPage(
  target: QueryTarget,
  page: { limit: number; cursor?: string },
): Promise<Page<FeedLogRecord>> {
  return queryPage(target, logEntrySchema, page);
}

const assignmentSchema = z.looseObject({
  itemType: z.enum(['job', 'incident']),
  itemId: z.string(),
  externalUserId: z.string(),
});

/**
 * FEED-15: a page of one external user's assignments (ASG-3's Query of their `lists` partition,
 * jobs then incidents; `status` a filter on it), of those `keep` keeps, more from where it stopped
 * while the page is not full (at most 1,000 read).
 */
export function externalUserAssignmentsPage(
  accountId: string,
  externalUserId: string,
  status: string | undefined,
  page: { limit: number; cursor?: string },
  keep: (assignments: z.infer<typeof assignmentSchema>[]) => Promise<boolean[]>,
): Promise<Page<z.infer<typeof assignmentSchema>>> {
  return queryKept(
    {
      ...externalUserAssignments(accountId, externalUserId),
      ...(status !== undefined ? { matching: { name: 'status', value: status } } : {}),
    },
    assignmentSchema,
    page,
    keep,
  );
}

const accessFactsSchema = z.looseObject({ itemType: z.string(), itemId: z.string(), externalUserId: z.string() });
const accessFactsProjection = [
  'itemType',
  'itemId',
  'externalUserId',
  'userStatus',
  'autoDisableAt',
  'itemStatus',
  'itemArchived',
  'dueAt',
  'viewedAt',
  'answeredAt',
] as const;

/**
 * FEED-13: the access records (ACS-1's copies: the user's and the item's state, the last view and
 * answer) of the assignments on a page: one BatchGetItem per 100, in parallel; keyed
 * `<itemType>/<itemId>/<externalUserId>`.
 */
export async function accessFactsOf(
  refs: readonly { type: AssignableType; accountId: string; itemId: string; externalUserId: string }[],
): Promise<Map<string, CollectionRecord>> {
  const keys = refs.map((ref) => itemAccess(ref.type, ref.accountId, ref.itemId, ref.externalUserId));
  const chunks: (typeof keys)[] = [];
  for (let i = 0; i < keys.length; i += maxBatchGetKeys) chunks.push(keys.slice(i, i + maxBatchGetKeys));
  const found = (
    await Promise.all(chunks.map((chunk) => batchGetItems(chunk, accessFactsSchema, accessFactsProjection)))
  ).flat();
  return new Map(
    found.map((record) => [
      `${record.itemType}/${record.itemId}/${record.externalUserId}`,
      { entity: 'ItemAccess', ...record },
    ]),
  );
}

const recordSchema = z.looseObject({ entity: z.string() });
/** A record of an item's collection as stored (its fields are read by name). */
export type CollectionRecord = z.infer<typeof recordSchema>;

/**
 * FEED-5: an item's assignments and its external users' access records: one Query of its
 * collection (their records sort together), continued past 1 MB (one item's assignees are a handful).
 */
export async function itemAssignees(
  type: AssignableType,
  accountId: string,
  itemId: string,
): Promise<{ assignments: CollectionRecord[]; access: CollectionRecord[] }> {
  const records = await queryAll(itemAssigneeRecords(type, accountId, itemId), recordSchema);
  return {
    assignments: records.filter((r) => r.entity === 'Assignment'),
    access: records.filter((r) => r.entity === 'ItemAccess'),
  };
}

/**
 * FEED-6: an item's checklist answers: CHK-1's Query of its checklist records (checklists,
 * answers, comments and attachments; the answers kept), continued past 1 MB.
 */
export async function itemAnswers(
  type: AssignableType,
  accountId: string,
  itemId: string,
): Promise<CollectionRecord[]> {
  const records = await queryAll(itemChecklists(type, accountId, itemId), recordSchema);
  return records.filter((r) => r.entity === 'ChecklistAnswer');
}

/** An audit entry as the feed reads it (the fields it shows; what the keys hold restored from them). */
const activitySchema = z.looseObject({
  at: z.string(),
  action: z.string(),
  actor: z.looseObject({ kind: z.string(), id: z.optional(z.string()) }),
  itemType: z.optional(z.enum(['job', 'incident'])),
  itemId: z.optional(z.string()),
  externalUserId: z.optional(z.string()),
  subject: z.optional(z.object({ type: z.string(), id: z.string() })),
  details: z.record(z.string(), z.unknown()),
  eventId: z.string(),
});
export type ActivityEntry = z.infer<typeof activitySchema>;

/**
 * FEED-9: a page of the account's external activity (or one external user's) in a time range,
 * newest first, of the entries `keep` keeps: AUD-3's Query of `lists` (or of `listsByStatus`, the
 * user's partition), and more from where it stopped while the page is not full (at most 1,000
 * entries read).
 */
export function activityPage(
  accountId: string,
  range: { externalUserId?: string; from?: string; to?: string },
  page: { limit: number; cursor?: string },
  keep: (entries: ActivityEntry[]) => Promise<boolean[]>,
): Promise<Page<ActivityEntry>> {
  return queryKept(
    externalActivity(accountId, range),
    activitySchema,
    { ...page, newestFirst: true, fromKeys: auditEntryFromKeys },
    keep,
  );
}

/** An external user as the feed shows them. */
const externalUserSchema = z.looseObject({ id: z.string(), updatedAt: z.string(), status: z.optional(z.string()) });

/** FEED-19: one external user of the account (one GetItem); undefined when the account has none with that id. */
export function externalUserOf(
  accountId: string,
  externalUserId: string,
): Promise<z.infer<typeof externalUserSchema> | undefined> {
  return getItem(externalUser(accountId, externalUserId), externalUserSchema);
}

/** FEED-10: one Query: a page of the account's external users by name, of one status or all (XU-1). */
export function externalUsersPage(
  accountId: string,
  status: string | undefined,
  page: { limit: number; cursor?: string },
): Promise<Page<z.infer<typeof externalUserSchema>>> {
  return queryPage(externalUsersByName(accountId, status !== undefined ? { status } : {}), externalUserSchema, page);
}

/**
 * FEED-10 with a `modifiedAt` range: one Query: a page of the account's external users changed
 * within it, oldest change first (the range the key condition; `status` a filter on the same Query).
 */
export function externalUserChangesPage(
  accountId: string,
  range: ChangeRange,
  status: string | undefined,
  page: { limit: number; cursor?: string },
): Promise<Page<z.infer<typeof externalUserSchema>>> {
  return queryPage(externalUserChanges(accountId, range, status), externalUserSchema, page);
}
