import {
  type AssignableType,
  accountPartition,
  inAccount,
  inCollection,
  segment,
  startingWith,
  workCollection,
  workTag,
} from './segments';
import type { PrefixTarget, PrimaryKey, QueryTarget } from './table-definition';
import type { VisibilityClass } from './work-items';

/** FEED-1, FEED-2, FEED-3: a feed key of the account (its SHA-256 hash, never the key). */
export const feedKey = (accountId: string, keyId: string): PrimaryKey =>
  inAccount(accountId, `FEEDKEY#${segment(keyId)}`);

/** FEED-1: index attributes of a feed key: listed by creation time in its account. */
export const feedKeyIndexes = (accountId: string, keyId: string, createdAt: string) => ({
  gsi1pk: `${accountPartition(accountId)}#FEEDKEYS`,
  gsi1sk: `${new Date(createdAt).toISOString()}#${segment(keyId)}`,
});

/** FEED-1: the account's feed keys, oldest first: one Query on `lists`. */
export const feedKeys = (accountId: string): QueryTarget => ({
  index: 'lists',
  partition: { name: 'gsi1pk', value: `${accountPartition(accountId)}#FEEDKEYS` },
});

const changesClass = (visibility: VisibilityClass) =>
  visibility.kind === 'privacyStatus' ? `PRIVACY#${segment(visibility.privacyStatusId)}` : 'OPEN';

const changesPartition = (type: AssignableType, accountId: string, visibility: VisibilityClass) =>
  `${accountPartition(accountId)}#${workTag[type]}S#CHANGES#${changesClass(visibility)}`;

/**
 * WRK-2, WRK-3, WRK-4, FEED-4: index attributes of a job or incident record (not its list rows) on
 * `changes`: its type's partition of its visibility class (current and archived alike), ordered by
 * `updatedAt` then id. A deleted item's tombstone takes them too (with its deletion time as
 * `updatedAt`), so an incremental refresh learns of the deletion (FEED-7).
 */
export const workItemChangeIndexes = (
  type: AssignableType,
  accountId: string,
  facts: { id: string; updatedAt: string; visibility: VisibilityClass },
) => ({
  gsi5pk: changesPartition(type, accountId, facts.visibility),
  gsi5sk: `${new Date(facts.updatedAt).toISOString()}#${segment(facts.id)}`,
});

/** A time range of changes; each bound inclusive (`from`, `until`) or exclusive (`after`, `before`). */
export interface ChangeRange {
  from?: string;
  after?: string;
  until?: string;
  before?: string;
}

const iso = (at: string) => new Date(at).toISOString();

/**
 * FEED-4, FEED-10: the sort-key bounds of a time range on a `<time>#<id>` sort key. ('#' sorts
 * before every id character and '~' after them, so a bound at a time either takes or leaves the
 * records changed at exactly that time.)
 */
export const changeBounds = (range: ChangeRange): { from?: string; to?: string } => {
  const from =
    range.from !== undefined ? iso(range.from) : range.after !== undefined ? `${iso(range.after)}#~` : undefined;
  const to =
    range.before !== undefined
      ? `${iso(range.before)}#`
      : range.until !== undefined
        ? `${iso(range.until)}#~`
        : undefined;
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
};

/**
 * FEED-4: the jobs or incidents of one visibility class changed within a time range, oldest change
 * first: one Query on `changes`.
 */
export const workItemChanges = (
  type: AssignableType,
  accountId: string,
  visibility: VisibilityClass,
  range: ChangeRange,
): QueryTarget => {
  return {
    index: 'changes',
    partition: { name: 'gsi5pk', value: changesPartition(type, accountId, visibility) },
    sortKeyRange: { name: 'gsi5sk', ...changeBounds(range) },
  };
};

/**
 * FEED-4, FEED-7: what a `changes` entry's keys say: whether it is a deleted item's tombstone
 * (`DELETED` in the item's collection) rather than the item, and a tombstone's time on the index
 * (its deletion: the tombstone stores no `updatedAt` of its own).
 */
export const changeFromKeys = (item: { sk?: unknown; gsi5sk?: unknown }): { deleted: boolean; updatedAt?: string } =>
  item.sk === 'DELETED' && typeof item.gsi5sk === 'string'
    ? { deleted: true, updatedAt: item.gsi5sk.slice(0, item.gsi5sk.indexOf('#')) }
    : { deleted: item.sk === 'DELETED' };

/**
 * FEED-5: a job's or incident's external users: their access records and assignments (`ACCESS#…`
 * then `ASSIGN#…`, next to each other in its collection): one Query of its collection.
 */
export const itemAssigneeRecords = (type: AssignableType, accountId: string, itemId: string): QueryTarget => ({
  partition: { name: 'pk', value: workCollection(type, accountId, itemId) },
  // '$' sorts right after '#': every ACCESS#… and ASSIGN#… key, nothing else of the collection.
  sortKeyRange: { name: 'sk', from: 'ACCESS#', to: 'ASSIGN$' },
});

/** FEED-8: the account, type and id of the work item whose collection `pk` is, if it is a job's or incident's. */
function workItemOfPartition(pk: unknown): { accountId: string; type: AssignableType; id: string } | undefined {
  const match = typeof pk === 'string' ? /^ACC#([^#]+)#(JOB|INCIDENT)#([^#]+)$/.exec(pk) : null;
  if (!match) return undefined;
  return { accountId: match[1] as string, type: match[2] === 'JOB' ? 'job' : 'incident', id: match[3] as string };
}

/**
 * FEED-8: the job or incident a stored record is, or whose tombstone it is, read from its keys;
 * undefined for any other record (list rows, assignments, anything else of the table).
 */
export function changesRecordOf(item: {
  pk?: unknown;
  sk?: unknown;
}): { accountId: string; type: AssignableType; id: string; tombstone: boolean } | undefined {
  const owner = workItemOfPartition(item.pk);
  if (!owner) return undefined;
  if (item.sk === 'DELETED') return { ...owner, tombstone: true };
  return item.sk === workTag[owner.type] ? { ...owner, tombstone: false } : undefined;
}

/**
 * FEED-12, FEED-13, FEED-14, FEED-17: what a feed log entry copies for the feed: a job's or
 * incident's assignment, one checklist answer, or (`item`) the job or incident itself as one
 * external user's row (one entry per item and external user it had assigned).
 */
export type FeedLogKind = 'assignment' | 'answer' | 'item';

const feedLogTags: Record<FeedLogKind, { row: string; partition: string }> = {
  assignment: { row: 'ASSIGN', partition: 'ASSIGNLOG' },
  answer: { row: 'ANSWER', partition: 'ANSWERLOG' },
  item: { row: 'ITEM', partition: 'ITEMLOG' },
};

/** FEED-13: whether a kind's entries are also in their class's partition of every user (`item` entries are not: `changes` serves that). */
export const feedLogInClass = (kind: FeedLogKind): boolean => kind !== 'item';

const feedLogPrefix = 'FEEDLOG#';

/** Where a log entry stands among its kind's: the assignee's id, or the checklist's and its item's. */
const feedLogPath = (parts: readonly string[]) => parts.map(segment).join('#');

const feedLogPartition = (kind: FeedLogKind, type: AssignableType, accountId: string, visibility: VisibilityClass) =>
  `${accountPartition(accountId)}#${workTag[type]}S#${feedLogTags[kind].partition}#${changesClass(visibility)}`;

/**
 * FEED-12, FEED-13, FEED-14: the feed's log entry of one assignment (`parts`: the external user's id) or one
 * checklist answer (`parts`: the checklist's id and its item's), in the job's or incident's
 * collection: `FEEDLOG#ASSIGN#<x>` or `FEEDLOG#ANSWER#<checklistId>#<checklistItemId>`.
 */
export const feedLogEntry = (
  kind: FeedLogKind,
  type: AssignableType,
  accountId: string,
  itemId: string,
  parts: readonly string[],
): PrimaryKey =>
  inCollection(type, accountId, itemId, `${feedLogPrefix}${feedLogTags[kind].row}#${feedLogPath(parts)}`);

/**
 * FEED-12, FEED-13: index attributes of a log entry on `visibility`: its kind's partition of the
 * item's visibility class (as `changes` has one per class), ordered by the modification time it
 * copies, then the item and the entry (`<at>#<itemId>#<parts>`).
 */
export const feedLogIndexes = (
  kind: FeedLogKind,
  type: AssignableType,
  accountId: string,
  facts: { itemId: string; parts: readonly string[]; at: string; visibility: VisibilityClass },
) => ({
  gsi2pk: feedLogPartition(kind, type, accountId, facts.visibility),
  gsi2sk: `${iso(facts.at)}#${segment(facts.itemId)}#${feedLogPath(facts.parts)}`,
});

/** FEED-12: the index partition of a log entry moved to another visibility class (its sort key stays). */
export const feedLogClassIndex = (
  kind: FeedLogKind,
  type: AssignableType,
  accountId: string,
  visibility: VisibilityClass,
) => ({ gsi2pk: feedLogPartition(kind, type, accountId, visibility) });

const feedLogUserPartition = (
  kind: FeedLogKind,
  type: AssignableType,
  accountId: string,
  externalUserId: string,
  visibility: VisibilityClass,
) =>
  `${accountPartition(accountId)}#${workTag[type]}S#${feedLogTags[kind].partition}#EXTUSER#${segment(externalUserId)}#${changesClass(visibility)}`;

/**
 * FEED-17, FEED-18: index attributes of a log entry on `visibilityByStatus` (a sparse second key):
 * one external user's partition of its kind and of its item's visibility class (the assignee of an
 * assignment, the external user who answered, the user an item entry is for), ordered as on
 * `visibility` (`<at>#<itemId>#<parts>`), so one user's changes in a time range are one Query.
 */
export const feedLogUserIndexes = (
  kind: FeedLogKind,
  type: AssignableType,
  accountId: string,
  facts: { externalUserId: string; itemId: string; parts: readonly string[]; at: string; visibility: VisibilityClass },
) => ({
  gsi4pk: feedLogUserPartition(kind, type, accountId, facts.externalUserId, facts.visibility),
  gsi4sk: `${iso(facts.at)}#${segment(facts.itemId)}#${feedLogPath(facts.parts)}`,
});

/** FEED-17: the user's index partition of a log entry moved to another visibility class (its sort key stays). */
export const feedLogUserClassIndex = (
  kind: FeedLogKind,
  type: AssignableType,
  accountId: string,
  externalUserId: string,
  visibility: VisibilityClass,
) => ({ gsi4pk: feedLogUserPartition(kind, type, accountId, externalUserId, visibility) });

/**
 * FEED-17: an expression (with its names) that holds for a log entry without its user's key yet:
 * one written before the users' partitions, which the backfill (FEED-14) puts again from the same state.
 */
export const feedLogWithoutUserKey = {
  expression: 'attribute_not_exists(#userKey)',
  names: { '#userKey': 'gsi4pk' },
} as const;

/**
 * FEED-18: one external user's log entries of one kind and one visibility class, modified within a
 * time range, oldest first: one Query on `visibilityByStatus`, the range its key condition.
 */
export const feedLogUserChanges = (
  kind: FeedLogKind,
  type: AssignableType,
  accountId: string,
  externalUserId: string,
  visibility: VisibilityClass,
  range: ChangeRange,
): QueryTarget => ({
  index: 'visibilityByStatus',
  partition: { name: 'gsi4pk', value: feedLogUserPartition(kind, type, accountId, externalUserId, visibility) },
  sortKeyRange: { name: 'gsi4sk', ...changeBounds(range) },
});

/**
 * FEED-13: the log entries of one kind of one visibility class, modified within a time
 * range, oldest first: one Query on `visibility`, the range its key condition.
 */
export const feedLogChanges = (
  kind: FeedLogKind,
  type: AssignableType,
  accountId: string,
  visibility: VisibilityClass,
  range: ChangeRange,
): QueryTarget => ({
  index: 'visibility',
  partition: { name: 'gsi2pk', value: feedLogPartition(kind, type, accountId, visibility) },
  sortKeyRange: { name: 'gsi2sk', ...changeBounds(range) },
});

/** FEED-12: a job's or incident's log entries, both kinds: one Query of its collection. */
export const itemFeedLog = (type: AssignableType, accountId: string, itemId: string): PrefixTarget =>
  startingWith(workCollection(type, accountId, itemId), feedLogPrefix);

/** FEED-12: the key of a log entry by the sort key its item's Query read (it must be one). */
export const feedLogEntryKey = (type: AssignableType, accountId: string, itemId: string, sk: string): PrimaryKey => {
  if (!sk.startsWith(feedLogPrefix)) throw new Error('not a feed log entry');
  return inCollection(type, accountId, itemId, sk);
};
