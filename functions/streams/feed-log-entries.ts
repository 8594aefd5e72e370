import { assignableOf, indexProjections } from '#shared/data/keys';
import type { StreamChange } from '#shared/stream-change';
import {
  type FeedLogSource,
  feedItemNow,
  moveItemFeedLog,
  putFeedLogEntries,
  putFeedLogEntry,
} from '../feed/feed-log-repository';
import { latestWriteTime } from './change-time';
import type { StreamRecordProcessor } from './process-stream-batch';

/** The columns of the feed's Assignments and ChecklistAnswers rows an entry copies, by the record's entity. */
const copied = {
  Assignment: {
    kind: 'assignment',
    fields: [
      'externalUserId',
      'givenName',
      'familyName',
      'email',
      'status',
      'emailStatus',
      'assignedAt',
      'assignedBy',
      'revokedAt',
      'revokedBy',
      'updatedAt',
    ],
    parts: ['externalUserId'],
    at: 'updatedAt',
  },
  ChecklistAnswer: {
    kind: 'answer',
    fields: ['checklistId', 'checklistItemId', 'value', 'answeredBy', 'answeredAt'],
    parts: ['checklistId', 'checklistItemId'],
    at: 'answeredAt',
  },
} as const;

const pick = (record: Record<string, unknown> | undefined, fields: readonly string[]) =>
  Object.fromEntries(fields.map((field) => [field, record?.[field]]));

/**
 * The log entry an assignment or answer as stored (a stream image, or a record the backfill read)
 * gives: its item from its key, its columns, its time. Undefined for any other record, or one
 * without the facts an entry needs.
 */
export function feedLogSourceOf(
  entity: unknown,
  partitionKey: unknown,
  record: Record<string, unknown> | undefined,
): FeedLogSource | undefined {
  const spec = entity === 'Assignment' || entity === 'ChecklistAnswer' ? copied[entity] : undefined;
  const place = assignableOf(partitionKey);
  if (!spec || !place || !record) return undefined;
  const parts = spec.parts.map((name) => record[name]);
  const at = record[spec.at];
  if (!parts.every((part): part is string => typeof part === 'string') || typeof at !== 'string') return undefined;
  const by = record.answeredBy as { kind?: unknown; id?: unknown } | undefined;
  // FEED-17: the external user whose partition it is in too (the assignee; who answered, when external).
  const externalUserId = spec.kind === 'assignment' ? parts[0] : by?.kind === 'external' ? by.id : undefined;
  return {
    kind: spec.kind,
    type: place.type,
    accountId: place.accountId,
    itemId: place.itemId,
    parts,
    at,
    seenAt: latestWriteTime(record) ?? at,
    fields: pick(record, spec.fields),
    ...(typeof externalUserId === 'string' ? { externalUserId } : {}),
  };
}

/** Whether an assignment's or answer's change changed what its entry copies (a link issued, say, does not). */
function copiedChange(change: StreamChange): FeedLogSource | undefined {
  if (change.eventName === 'REMOVE') return undefined;
  const source = feedLogSourceOf(change.entity, change.keys.pk, change.newImage);
  if (!source || change.eventName === 'INSERT') return source;
  const spec = copied[change.entity as keyof typeof copied];
  const before = JSON.stringify(pick(change.oldImage, spec.fields));
  return before === JSON.stringify(source.fields) ? undefined : source;
}

/**
 * The columns of a job's or incident's row in the feed (what the `changes` index projects, FEED-4)
 * that its entry for each of its external users copies (FEED-17).
 */
const itemFields = indexProjections.changes ?? [];

const usersOf = (image: Record<string, unknown> | undefined): string[] =>
  Array.isArray(image?.externalUsers)
    ? image.externalUsers.filter((user): user is string => typeof user === 'string')
    : [];

/**
 * FEED-17: a job's or incident's change that its external users' entries follow: a write with users
 * assigned before or after it (a user removed gets the change that removed them, then no more), or
 * its deletion (the tombstone's row, for the users it had).
 */
function itemChange(change: StreamChange) {
  if (change.entity !== 'Job' && change.entity !== 'Incident') return undefined;
  const place = assignableOf(change.keys.pk);
  if (!place) return undefined;
  if (change.eventName === 'REMOVE') {
    const users = usersOf(change.oldImage);
    return users.length > 0 ? { place, users, deleted: true } : undefined;
  }
  const after = change.newImage;
  const same = JSON.stringify(pick(change.oldImage, itemFields)) === JSON.stringify(pick(after, itemFields));
  const before = new Set(usersOf(change.oldImage));
  // A user assigned before and after a change of no copied column has nothing new to see.
  const users = [...new Set([...before, ...usersOf(after)])].filter((user) => !(same && before.has(user)));
  return users.length > 0 ? { place, users, deleted: false } : undefined;
}

/** The item entries of one item as a record (the image, or the tombstone's facts) shows it, one per user. */
function itemSources(
  place: NonNullable<ReturnType<typeof assignableOf>>,
  users: readonly string[],
  record: ItemState,
): FeedLogSource[] {
  return users.map((externalUserId) => ({
    kind: 'item',
    type: place.type,
    accountId: place.accountId,
    itemId: place.itemId,
    parts: [externalUserId],
    at: record.at,
    seenAt: record.seenAt,
    fields: record.fields,
    externalUserId,
  }));
}

/** The state of a job or incident an item entry copies: its row's columns, its time, and what orders its states. */
interface ItemState {
  fields: Record<string, unknown>;
  at: string;
  seenAt: string;
}

/** An item as written (an image or the record): its `updatedAt` and `version` order its states, so a late record writes nothing over a newer one. */
function writtenState(record: Record<string, unknown>): ItemState | undefined {
  const at = record.updatedAt;
  if (typeof at !== 'string') return undefined;
  const version = typeof record.version === 'number' ? record.version : 0;
  return {
    fields: { ...pick(record, itemFields), deleted: false },
    at,
    seenAt: `${new Date(at).toISOString()}/${String(version).padStart(12, '0')}`,
  };
}

/**
 * A deleted item as its tombstone keeps it: the row of its deletion, the item's last state
 * whatever the writers' clocks said ('~' sorts after every time), written once.
 */
function deletedState(tombstone: Record<string, unknown>): ItemState | undefined {
  const at = tombstone.deletedAt;
  if (typeof at !== 'string') return undefined;
  return { fields: { ...pick(tombstone, itemFields), updatedAt: at, deleted: true }, at, seenAt: '~' };
}

/**
 * FEED-17: an item's entries for some of its external users as it is now (one GetItem; its
 * tombstone's when it is gone): a deletion's rows, and the backfill's (FEED-14). Answers how many it wrote.
 */
export async function putItemEntriesNow(
  place: NonNullable<ReturnType<typeof assignableOf>>,
  users: readonly string[],
): Promise<number> {
  const now = await feedItemNow(place.type, place.accountId, place.itemId);
  const state = now && (now.deleted ? deletedState(now.record) : writtenState(now.record));
  return state ? putFeedLogEntries(itemSources(place, users, state)) : 0;
}

/** FEED-17: the item's entries for the users a change concerns: the new image's state, or the deletion's. */
async function putItemEntries(change: StreamChange, item: NonNullable<ReturnType<typeof itemChange>>) {
  if (item.deleted) {
    await putItemEntriesNow(item.place, item.users);
    return;
  }
  const state = change.newImage && writtenState(change.newImage);
  if (state) await putFeedLogEntries(itemSources(item.place, item.users, state));
}

/** A job or incident whose privacy status the change moved: its entries follow it. */
function movedItem(change: StreamChange) {
  if (change.eventName !== 'MODIFY' || (change.entity !== 'Job' && change.entity !== 'Incident')) return undefined;
  if (change.oldImage?.privacyStatusId === change.newImage?.privacyStatusId) return undefined;
  return assignableOf(change.keys.pk);
}

/**
 * FEED-12: the feed's change log of assignments and answers, off the request path (an
 * autosave writes nothing more). An assignment or answer written puts its entry in its item's
 * class, by its modification time (a replay, or a change that left the copied columns as they
 * were, writes nothing); a job's or incident's change of privacy status moves its entries. So the
 * feed's `modifiedAt` ranges on Assignments and ChecklistAnswers are key conditions. FEED-17: the
 * entries are in their external user's partition too, and a job's or incident's change puts its
 * row in each of its users' (item entries), so one user's rows in a time range are one Query.
 */
export const feedLogEntries: StreamRecordProcessor = {
  name: 'feedLogEntries',
  handles: (change) =>
    copiedChange(change) !== undefined || itemChange(change) !== undefined || movedItem(change) !== undefined,
  async process(change) {
    const source = copiedChange(change);
    if (source) {
      await putFeedLogEntry(source);
      return;
    }
    const item = itemChange(change);
    if (item) await putItemEntries(change, item);
    // After the item's own entries: a move reads the item now and takes every entry of it along
    // (those of users no longer assigned, which no later change rewrites, among them).
    const moved = movedItem(change);
    if (moved) await moveItemFeedLog(moved.type, moved.accountId, moved.itemId);
  },
};
