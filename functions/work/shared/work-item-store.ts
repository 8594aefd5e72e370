import type * as z from 'zod/mini';
import {
  deletedWorkItem,
  type PrimaryKey,
  type QueryTarget,
  type RowFilter,
  type VisibilityClass,
  type WorkItemType,
  type WorkListFacts,
  workItem,
  workItemRow,
  workItemRowIndexes,
} from '#shared/data/keys';
import {
  deleteItem,
  type FailedSteps,
  getItem,
  putDerived,
  putNew,
  putVersioned,
  queryKept,
  queryPage,
  type Step,
  staleVersionError,
  type TransactItem,
  transact,
} from '#shared/data/table';
import { ConflictError, NotFoundError } from '#shared/errors';
import { accessUpdate, itemSliceOf } from '../../external-users/item-access-repository';
import { rowFilters } from './list-rows';

/** The fields every work item has that the store and the permission model use. */
export interface StoredWorkItem {
  id: string;
  description: string;
  /** When the item last changed: the feed's modification time (FEED-4). */
  updatedAt: string;
  ownerIds: string[];
  /** Jobs and incidents: the owners' names when the owners were last set (display only). */
  ownerNames?: string[];
  departmentId?: string;
  privacyStatusId?: string;
  /** Risks and risk assessments: confidential by flag rather than by privacy status. */
  confidential?: boolean;
  status?: string;
  /** Jobs and incidents: the external users assigned now. */
  externalUsers?: string[];
  /** Jobs, incidents and logs: the customer the item is for. */
  customerId?: string;
  /** Jobs, incidents and logs: the site (of that customer) the item is at. */
  siteId?: string;
  /** The master site of the site's tree: the site's parent, or the site itself (set with the site). */
  siteTreeId?: string;
  archived: boolean;
  version: number;
}

/** How one work item type is stored and listed. */
export interface WorkItemDefinition<T extends StoredWorkItem, S> {
  type: WorkItemType;
  /** The `entity` attribute of its items (stream consumers dispatch on it), e.g. `Incident`. */
  entity: string;
  /** The item as the API shows it, e.g. "incident". */
  label: string;
  schema: z.ZodMiniType<T>;
  summarySchema: z.ZodMiniType<S>;
  /** The date-time lists order by. */
  sortAt: (item: T) => string;
  /**
   * Index keys the item's own record carries besides its list keys (not its rows): jobs' and
   * incidents' place on the feed's `changes` index (FEED-4). A hook, so the other types' functions
   * do not bundle those keys.
   */
  recordIndexes?: (accountId: string, item: T, visibility: VisibilityClass) => Record<string, string>;
}

/** The answer to a refused transaction whose failed steps a caller's own, or undefined to leave it to the store. */
export type Refusal = (failed: FailedSteps) => Error | undefined;

/** Transaction steps a delete must pass, and the error when they fail. */
export interface DeleteGuard {
  writes: Step[];
  refused: () => Error;
}

/** A search within a list's Query: which rows it keeps, and how many rows it may read. */
export interface RowSearch<S> {
  keep: (row: S) => boolean;
  /** Rows each Query reads. */
  readLimit: number;
  /** The most rows read in all. */
  readBound: number;
  /** Counts the rows read. */
  tally: { examined: number };
}

/** One page of one list partition and where it stopped. */
export interface PartitionPage<S> {
  items: S[];
  /** The partition's own cursor (absent when the partition is exhausted). */
  cursor?: string;
}

/**
 * The reads of one work item type; each method states the requests it makes. Its writes are
 * `insertWorkItem`, `replaceWorkItem` and `removeWorkItem`, functions of their own, so a function
 * that creates items does not bundle what changes them, and the other way round.
 */
export interface WorkItemStore<T extends StoredWorkItem, _S> {
  /** One GetItem: the item of the account, or undefined. */
  find(accountId: string, id: string): Promise<T | undefined>;
  /** One GetItem: the item, or 404 when it does not exist in the account. */
  require(accountId: string, id: string): Promise<T>;
}

/** Confidential: a privacy status (jobs, incidents, logs) or the flag (risks, risk assessments, projects). */
export const isConfidential = (item: { privacyStatusId?: string; confidential?: boolean }): boolean =>
  item.privacyStatusId !== undefined || item.confidential === true;

/** The visibility class an item joins: its privacy status, confidential by flag, or open. */
export const visibilityOf = (item: { privacyStatusId?: string; confidential?: boolean }): VisibilityClass =>
  item.privacyStatusId !== undefined
    ? { kind: 'privacyStatus', privacyStatusId: item.privacyStatusId }
    : item.confidential === true
      ? { kind: 'confidential' }
      : { kind: 'open' };

const withoutDescription = <T extends StoredWorkItem>({ description: _description, ...summary }: T) => summary;

/** The list facts of an item: where its record and rows sort and which partitions they join. */
const factsOf = <T extends StoredWorkItem, S>(def: WorkItemDefinition<T, S>, item: T): WorkListFacts => ({
  id: item.id,
  sortAt: def.sortAt(item),
  archived: item.archived,
  visibility: visibilityOf(item),
  ...(item.status !== undefined ? { status: item.status } : {}),
});

/**
 * The item's record, written by `write` (a Put that it is new, or that it is still at its
 * version), and a Put of each of its list rows. Each item's collection holds the item and its list
 * rows (see `rowFilters`); the item and every row join the partitions of their filter, of every
 * class and of the item's visibility class, each with a per-status twin, so any list page the
 * permissions and filters allow is one Query that reads only what it returns.
 */
function collectionWrites<T extends StoredWorkItem, S>(
  def: WorkItemDefinition<T, S>,
  accountId: string,
  item: T,
  write: (record: PrimaryKey & Record<string, unknown>) => TransactItem,
): Step[] {
  const { type } = def;
  const listFacts = factsOf(def, item);
  const summary = withoutDescription(item);
  return [
    {
      name: 'item',
      write: write({
        ...workItem(type, accountId, item.id),
        ...workItemRowIndexes(type, accountId, {}, listFacts),
        // Jobs and incidents by modification time, for the feed (FEED-4): the record only, not its rows.
        ...def.recordIndexes?.(accountId, item, listFacts.visibility),
        entity: def.entity,
        ...(item as unknown as Record<string, unknown>),
      }),
    },
    ...rowFilters(item).map((filter) => ({
      name: 'listRow',
      write: putDerived({
        ...workItemRow(type, accountId, item.id, filter),
        ...workItemRowIndexes(type, accountId, filter, listFacts),
        entity: `${def.entity}ListRow`,
        ...summary,
      }),
    })),
  ];
}

/** The store of a work item type: its reads (see `WorkItemStore`). */
export function workItemStore<T extends StoredWorkItem, S>(def: WorkItemDefinition<T, S>): WorkItemStore<T, S> {
  async function find(accountId: string, id: string): Promise<T | undefined> {
    return getItem(workItem(def.type, accountId, id), def.schema);
  }
  return {
    find,
    async require(accountId, id) {
      const item = await find(accountId, id);
      if (!item) throw new NotFoundError(`No such ${def.label}`);
      return item;
    },
  };
}

/**
 * One TransactWriteItems: the new item, its rows and `alongside` (e.g. assignments, the counts of
 * the customer and site it names); `refusal` says what a failure of `alongside` answers.
 */
export async function insertWorkItem<T extends StoredWorkItem, S>(
  def: WorkItemDefinition<T, S>,
  accountId: string,
  item: T,
  alongside: Step[] = [],
  refusal?: Refusal,
): Promise<void> {
  await transact(
    [...collectionWrites(def, accountId, item, putNew), ...alongside],
    (failed) =>
      refusal?.(failed) ??
      (failed.has('item')
        ? new ConflictError(`This ${def.label} id exists already`)
        : new ConflictError('Something this write depends on changed at the same moment; try again')),
  );
}

/**
 * One TransactWriteItems: replaces `previous` (if still at its version: 409/404 otherwise), keeps
 * its rows in step (a row it no longer has is deleted), and writes `alongside` (e.g.
 * assignments), as `insertWorkItem` does.
 */
export async function replaceWorkItem<T extends StoredWorkItem, S>(
  def: WorkItemDefinition<T, S>,
  accountId: string,
  previous: T,
  next: T,
  alongside: Step[] = [],
  refusal?: Refusal,
): Promise<void> {
  const rowKey = (filter: RowFilter) => workItemRow(def.type, accountId, next.id, filter);
  const kept = new Set(rowFilters(next).map((filter) => rowKey(filter).sk));
  const dropped = rowFilters(previous)
    .map(rowKey)
    .filter((key) => !kept.has(key.sk))
    .map((key) => ({ name: 'listRow', write: deleteItem(key) }));
  await transact(
    [
      ...collectionWrites(def, accountId, next, (record) => putVersioned(record, previous.version)),
      ...dropped,
      ...accessFanOut(def.type, accountId, previous, next),
      ...alongside,
    ],
    (failed) => refusal?.(failed) ?? conflict(def, failed),
  );
}

/**
 * The item's state on the access records of the external users it keeps assigned (ACS-3), when
 * that state (archived, status, due date) changes: in the item's own transaction, so a portal
 * write after it is refused. Assignees the change adds or removes get theirs from the
 * assignments' writes.
 */
function accessFanOut(type: WorkItemType, accountId: string, previous: StoredWorkItem, next: StoredWorkItem): Step[] {
  if (type !== 'job' && type !== 'incident') return [];
  const before = itemSliceOf(previous as StoredWorkItem & { dueAt?: string });
  const after = itemSliceOf(next as StoredWorkItem & { dueAt?: string });
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const assignees = (next.externalUsers ?? []).filter((id) => previous.externalUsers?.includes(id));
  return assignees.map((externalUserId) => accessUpdate({ type, accountId, itemId: next.id, externalUserId }, after));
}

/**
 * A failure of the item's own step is a stale version (409 with the current item) or a deleted
 * item (404); any other cancellation is a concurrent transaction.
 */
function conflict<T extends StoredWorkItem, S>(def: WorkItemDefinition<T, S>, failed: FailedSteps): Error {
  if (!failed.has('item')) return new ConflictError(`The ${def.label} was being changed at the same moment; try again`);
  return staleVersionError(def.schema, failed.get('item'));
}

// Deleting and listing live apart from the store's object too, so a function that only creates or
// changes items bundles neither (nor the list's cursor codec).

/**
 * One TransactWriteItems: deletes the item (if still at its version) and its rows, leaves its
 * tombstone (who deleted it, when, and the facts that decide who may see it: the audit trail's
 * `item_deleted`, and its reader's check), with the `guard`'s writes (e.g. a condition that the
 * item holds nothing): their failure is `refused()`.
 */
export async function removeWorkItem<T extends StoredWorkItem, S>(
  def: WorkItemDefinition<T, S>,
  accountId: string,
  item: T,
  by: { actorId: string; now: Date },
  guard?: DeleteGuard,
): Promise<void> {
  const { type } = def;
  const { title } = item as { title?: unknown };
  const deletedAt = by.now.toISOString();
  const writes: Step[] = [
    { name: 'item', write: deleteItem(workItem(type, accountId, item.id), item.version) },
    ...rowFilters(item).map((filter) => ({
      name: 'listRow',
      write: deleteItem(workItemRow(type, accountId, item.id, filter)),
    })),
    {
      name: 'tombstone',
      write: putDerived({
        ...deletedWorkItem(type, accountId, item.id),
        // Jobs and incidents: the tombstone takes the item's place on `changes`, at the deletion's
        // time, so the feed's incremental refresh learns of it (FEED-7).
        ...def.recordIndexes?.(accountId, { ...item, updatedAt: deletedAt }, visibilityOf(item)),
        entity: 'DeletedWorkItem',
        itemType: type,
        id: item.id,
        ...(typeof title === 'string' ? { title } : {}),
        ownerIds: item.ownerIds,
        // Absent facts stay absent: the document client leaves undefined values out.
        departmentId: item.departmentId,
        privacyStatusId: item.privacyStatusId,
        confidential: item.confidential,
        deletedBy: by.actorId,
        deletedAt,
        // Who deleted it, under the name `changes` projects (its 20 attributes are taken): the
        // feed's `modifiedBy` of the deletion's row (FEED-7).
        ...(def.recordIndexes ? { updatedBy: by.actorId } : {}),
      }),
    },
  ];
  await transact([...writes, ...(guard?.writes ?? [])], (failed) =>
    guard?.writes.some((step) => failed.has(step.name)) ? guard.refused() : conflict(def, failed),
  );
}

/** The item's list row as a list shows it (no request). */
export function workItemSummaryOf<T extends StoredWorkItem, S>(def: WorkItemDefinition<T, S>, item: T): S {
  return def.summarySchema.parse(withoutDescription(item)) as S;
}

/**
 * One Query: a page of one list partition; `cursor` must come from the same partition (400
 * otherwise). With a search, Queries of `search.readLimit` rows from where the last stopped while
 * the page is not full, at most `search.readBound` rows read (counted on `search.tally`).
 */
export function queryWorkItemPartition<T extends StoredWorkItem, S>(
  def: WorkItemDefinition<T, S>,
  target: QueryTarget,
  page: { limit: number; cursor?: string },
  search?: RowSearch<S>,
): Promise<PartitionPage<S>> {
  if (!search) return queryPage(target, def.summarySchema, page);
  return queryKept(
    target,
    def.summarySchema,
    { ...page, readLimit: search.readLimit, maxExamined: search.readBound, tally: search.tally },
    async (rows) => rows.map(search.keep),
  );
}
