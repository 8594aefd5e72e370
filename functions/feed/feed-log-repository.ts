import * as z from 'zod/mini';
import {
  type AssignableType,
  deletedWorkItem,
  type FeedLogKind,
  feedLogClassIndex,
  feedLogEntry,
  feedLogEntryKey,
  feedLogInClass,
  feedLogIndexes,
  feedLogUserClassIndex,
  feedLogUserIndexes,
  feedLogWithoutUserKey,
  itemFeedLog,
  type PrimaryKey,
  type VisibilityClass,
  workItem,
} from '#shared/data/keys';
import { absentOr, getItem, itemPresent, putIf, queryAllByPrefix, updateFields, updateIf } from '#shared/data/table';

// The writes of the feed's change log of assignments and answers (docs/data-model.md FEED-12,
// FEED-14, FEED-17): what the stream consumer and the backfill put beside a job or incident. Each
// entry is a copy of one assignment or answer with the feed's columns, placed on `visibility` in
// its item's class, and, when an external user is its assignee or answered it, in that user's
// partition of the class on `visibilityByStatus`; an item entry is the job or incident itself as
// one external user's row (that user's partition only). The item is read for its class
// (consistent) and read again after the write, so an entry never stays in a class its item has left.

/** The entities of the log entries, by kind. */
export const feedLogEntities: Record<FeedLogKind, string> = {
  assignment: 'FeedAssignmentLog',
  answer: 'FeedAnswerLog',
  item: 'FeedItemLog',
};

const kindOf = (entity: string): FeedLogKind | undefined =>
  (Object.keys(feedLogEntities) as FeedLogKind[]).find((kind) => feedLogEntities[kind] === entity);

/** One assignment or answer as its log entry copies it. */
export interface FeedLogSource {
  kind: FeedLogKind;
  type: AssignableType;
  accountId: string;
  itemId: string;
  /** The external user's id (an assignment), or the checklist's and its item's (an answer). */
  parts: readonly string[];
  /** Its modification time as the feed shows it (`modifiedAt`): the entry's place in time. */
  at: string;
  /**
   * The latest write time of the source record as copied (its `updatedAt`, or a later e-mail
   * delivery mark): an entry is replaced only by a copy seen later, so a replay writes nothing.
   */
  seenAt: string;
  /** The feed's columns of the source. */
  fields: Record<string, unknown>;
  /**
   * The external user whose partition the entry is in as well (FEED-17): an assignment's
   * assignee, an answer's when an external user gave it, the user an item entry is for.
   */
  externalUserId?: string;
}

/** What decides a job's or incident's class: its privacy status, kept by its tombstone once it is deleted. */
const classSchema = z.looseObject({ privacyStatusId: z.optional(z.string()) });

/** The item's privacy status now (`null`: none); undefined when neither the item nor its tombstone exists. */
async function classOf(
  type: AssignableType,
  accountId: string,
  itemId: string,
): Promise<{ privacyStatusId: string | null } | undefined> {
  const item =
    (await getItem(workItem(type, accountId, itemId), classSchema)) ??
    (await getItem(deletedWorkItem(type, accountId, itemId), classSchema));
  return item ? { privacyStatusId: item.privacyStatusId ?? null } : undefined;
}

const storedSchema = z.looseObject({});

/**
 * FEED-17: a job or incident as stored now (one GetItem), or its tombstone's facts when it is gone
 * (one more); undefined when neither exists.
 */
export async function feedItemNow(
  type: AssignableType,
  accountId: string,
  itemId: string,
): Promise<{ record: Record<string, unknown>; deleted: boolean } | undefined> {
  const item = await getItem(workItem(type, accountId, itemId), storedSchema);
  if (item) return { record: item, deleted: false };
  const tombstone = await getItem(deletedWorkItem(type, accountId, itemId), storedSchema);
  return tombstone ? { record: tombstone, deleted: true } : undefined;
}

const visibilityOf = (privacyStatusId: string | null): VisibilityClass =>
  privacyStatusId === null ? { kind: 'open' } : { kind: 'privacyStatus', privacyStatusId };

const concurrency = 25;

/** The most times an entry follows its item's class in one run before the run fails (the stream retries it). */
const maxMoves = 3;

/**
 * One UpdateItem: the entry's index partition and `privacyStatusId` set to a class (its time and
 * content stay), while the entry exists.
 */
function moveEntry(
  kind: FeedLogKind,
  type: AssignableType,
  accountId: string,
  entry: { key: PrimaryKey; externalUserId: string | undefined },
  privacyStatusId: string | null,
) {
  const visibility = visibilityOf(privacyStatusId);
  return updateIf(
    updateFields(entry.key, {
      set: {
        ...(feedLogInClass(kind) ? feedLogClassIndex(kind, type, accountId, visibility) : {}),
        ...(entry.externalUserId !== undefined
          ? feedLogUserClassIndex(kind, type, accountId, entry.externalUserId, visibility)
          : {}),
        privacyStatusId: privacyStatusId ?? undefined,
      },
      condition: itemPresent,
    }),
  );
}

/**
 * FEED-12, FEED-14, FEED-17: puts the log entry of an assignment or answer in its item's class: one
 * GetItem of the item (its tombstone's when it is gone), one PutItem conditional on no entry or
 * one copied from an older state (`seenAt`; or one of the same state without the user's key, which
 * the backfill adds), then the item's GetItem again; if its class changed meanwhile, the entry
 * follows it (one UpdateItem, and a read again). Answers whether it wrote. Nothing is written for
 * an item that never existed.
 */
export async function putFeedLogEntry(source: FeedLogSource): Promise<boolean> {
  return (await putFeedLogEntries([source])) > 0;
}

/**
 * {@link putFeedLogEntry} for entries of one item (FEED-17: an item's entries for each of its
 * external users): the item's two GetItems once, the Puts in parallel. Answers how many it wrote.
 */
export async function putFeedLogEntries(sources: readonly FeedLogSource[]): Promise<number> {
  const [first] = sources;
  if (!first) return 0;
  const { type, accountId, itemId } = first;
  const read = await classOf(type, accountId, itemId);
  if (!read) return 0;
  const written = (
    await Promise.all(
      sources.map(async (source) => {
        const key = feedLogEntry(source.kind, type, accountId, itemId, source.parts);
        return (await putEntry(source, key, read.privacyStatusId))
          ? [{ kind: source.kind, key, externalUserId: source.externalUserId }]
          : [];
      }),
    )
  ).flat();
  if (written.length === 0) return 0;
  // The item may have changed class between the read and the Puts, after its own change's run
  // (FEED-12's move) had looked for these entries: read it again, and follow it until it holds still.
  let at = read.privacyStatusId;
  for (let moves = 0; ; moves++) {
    const now = await classOf(type, accountId, itemId);
    if (!now || now.privacyStatusId === at) return written.length;
    if (moves >= maxMoves)
      throw new Error('A job’s or incident’s class kept changing while its feed log entry was written');
    await Promise.all(written.map((entry) => moveEntry(entry.kind, type, accountId, entry, now.privacyStatusId)));
    at = now.privacyStatusId;
  }
}

/** One entry's conditional Put in a class: no entry, one copied from an older state, or one without the user's key yet. */
function putEntry(source: FeedLogSource, key: PrimaryKey, privacyStatusId: string | null): Promise<boolean> {
  const { kind, type, accountId, itemId, parts, externalUserId } = source;
  const visibility = visibilityOf(privacyStatusId);
  const placed = { itemId, parts, at: source.at, visibility };
  const entry = {
    ...source.fields,
    ...key,
    ...(feedLogInClass(kind) ? feedLogIndexes(kind, type, accountId, placed) : {}),
    ...(externalUserId !== undefined
      ? { ...feedLogUserIndexes(kind, type, accountId, { ...placed, externalUserId }), feedUserId: externalUserId }
      : {}),
    entity: feedLogEntities[kind],
    itemType: type,
    itemId,
    seenAt: source.seenAt,
    privacyStatusId: privacyStatusId ?? undefined,
  };
  // An entry from before the users' keys (FEED-17) takes them from the same state (the backfill).
  const older = absentOr(
    externalUserId !== undefined
      ? {
          expression: `#seen < :seen OR (#seen = :seen AND ${feedLogWithoutUserKey.expression})`,
          names: { '#seen': 'seenAt', ...feedLogWithoutUserKey.names },
          values: { ':seen': source.seenAt },
        }
      : { expression: '#seen < :seen', names: { '#seen': 'seenAt' }, values: { ':seen': source.seenAt } },
  );
  return putIf(entry, older);
}

const entrySchema = z.looseObject({
  entity: z.string(),
  rowKey: z.string(),
  privacyStatusId: z.optional(z.string()),
  feedUserId: z.optional(z.string()),
});

/**
 * FEED-12, FEED-17: a job's or incident's log entries (each kind, and the users' keys) follow its class (its privacy status changed): one
 * GetItem of the item and one Query of its entries, both consistent, then one UpdateItem per entry
 * in another class. Answers how many moved; a second run moves none.
 */
export async function moveItemFeedLog(type: AssignableType, accountId: string, itemId: string): Promise<number> {
  const [now, entries] = await Promise.all([
    classOf(type, accountId, itemId),
    queryAllByPrefix(itemFeedLog(type, accountId, itemId), entrySchema, {
      consistent: true,
      fromKeys: (stored) => ({ rowKey: stored.sk }),
    }),
  ]);
  if (!now) return 0;
  const stray = entries.filter((entry) => (entry.privacyStatusId ?? null) !== now.privacyStatusId);
  let moved = 0;
  for (let i = 0; i < stray.length; i += concurrency) {
    const landed = await Promise.all(
      stray.slice(i, i + concurrency).map((entry) => {
        const kind = kindOf(entry.entity);
        if (!kind) return false;
        const key = feedLogEntryKey(type, accountId, itemId, entry.rowKey);
        return moveEntry(kind, type, accountId, { key, externalUserId: entry.feedUserId }, now.privacyStatusId);
      }),
    );
    moved += landed.filter(Boolean).length;
  }
  return moved;
}
