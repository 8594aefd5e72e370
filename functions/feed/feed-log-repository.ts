import * as z from 'zod/mini';
import {
  type AssignableType,
  deletedWorkItem,
  type FeedLogKind,
  feedLogClassIndex,
  feedLogEntry,
  feedLogEntryKey,
  feedLogIndexes,
  itemFeedLog,
  type PrimaryKey,
  type VisibilityClass,
  workItem,
} from '#shared/data/keys';
import { absentOr, getItem, itemPresent, putIf, queryAll, updateFields, updateIf } from '#shared/data/table';

// The writes of the feed's change log of assignments and answers (docs/data-model.md FEED-12,
// FEED-14): what the stream consumer and the backfill put beside a job or incident. Each entry is
// a copy of one assignment or answer with the feed's columns, placed on `visibility` in its item's
// class; the item is read for its class (consistent) and read again after the write, so an entry
// never stays in a class its item has left.

/** The entities of the log entries, by kind. */
export const feedLogEntities: Record<FeedLogKind, string> = {
  assignment: 'FeedAssignmentLog',
  answer: 'FeedAnswerLog',
};

const kindOf = (entity: string): FeedLogKind | undefined =>
  entity === feedLogEntities.assignment ? 'assignment' : entity === feedLogEntities.answer ? 'answer' : undefined;

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
  key: PrimaryKey,
  privacyStatusId: string | null,
) {
  return updateIf(
    updateFields(key, {
      set: {
        ...feedLogClassIndex(kind, type, accountId, visibilityOf(privacyStatusId)),
        privacyStatusId: privacyStatusId ?? undefined,
      },
      condition: itemPresent,
    }),
  );
}

/**
 * FEED-12, FEED-14: puts the log entry of an assignment or answer in its item's class: one
 * GetItem of the item (its tombstone's when it is gone), one PutItem conditional on no entry or
 * one copied from an older state (`seenAt`), then the item's GetItem again; if its class changed
 * meanwhile, the entry follows it (one UpdateItem, and a read again). Answers whether it wrote.
 * Nothing is written for an item that never existed.
 */
export async function putFeedLogEntry(source: FeedLogSource): Promise<boolean> {
  const { kind, type, accountId, itemId, parts } = source;
  const read = await classOf(type, accountId, itemId);
  if (!read) return false;
  const key = feedLogEntry(kind, type, accountId, itemId, parts);
  const entry = {
    ...source.fields,
    ...key,
    ...feedLogIndexes(kind, type, accountId, {
      itemId,
      parts,
      at: source.at,
      visibility: visibilityOf(read.privacyStatusId),
    }),
    entity: feedLogEntities[kind],
    itemType: type,
    itemId,
    seenAt: source.seenAt,
    privacyStatusId: read.privacyStatusId ?? undefined,
  };
  const older = absentOr({
    expression: '#seen < :seen',
    names: { '#seen': 'seenAt' },
    values: { ':seen': source.seenAt },
  });
  if (!(await putIf(entry, older))) return false;
  // The item may have changed class between the read and the Put, after its own change's run
  // (FEED-12's move) had looked for this entry: read it again, and follow it until it holds still.
  let written = read.privacyStatusId;
  for (let moves = 0; ; moves++) {
    const now = await classOf(type, accountId, itemId);
    if (!now || now.privacyStatusId === written) return true;
    if (moves >= maxMoves)
      throw new Error('A job’s or incident’s class kept changing while its feed log entry was written');
    await moveEntry(kind, type, accountId, key, now.privacyStatusId);
    written = now.privacyStatusId;
  }
}

const entrySchema = z.looseObject({ entity: z.string(), rowKey: z.string(), privacyStatusId: z.optional(z.string()) });

/**
 * FEED-12: a job's or incident's log entries follow its class (its privacy status changed): one
 * GetItem of the item and one Query of its entries, both consistent, then one UpdateItem per entry
 * in another class. Answers how many moved; a second run moves none.
 */
export async function moveItemFeedLog(type: AssignableType, accountId: string, itemId: string): Promise<number> {
  const [now, entries] = await Promise.all([
    classOf(type, accountId, itemId),
    queryAll(itemFeedLog(type, accountId, itemId), entrySchema, {
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
        return moveEntry(kind, type, accountId, key, now.privacyStatusId);
      }),
    );
    moved += landed.filter(Boolean).length;
  }
  return moved;
}
