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
  queryPage,
  type Step,
  staleVersionError,
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

/** One page of one list partition and where it stopped. */
export interface PartitionPage<S> {
  items: S[];
  /** The partition's own cursor (absent when the partition is exhausted). */
  cursor?: string;
}

/** The data access of one work item type; each method states the requests it makes. */
export interface WorkItemStore<T extends StoredWorkItem, _S> {
  /** One GetItem: the item of the account, or undefined. */
  find(accountId: string, id: string): Promise<T | undefined>;
  /** One GetItem: the item, or 404 when it does not exist in the account. */
  require(accountId: string, id: string): Promise<T>;
  /**
   * One TransactWriteItems: the new item, its rows and `alongside` (e.g. assignments, the counts of
   * the customer and site it names); `refusal` says what a failure of `alongside` answers.
   */
  insert(accountId: string, item: T, alongside?: Step[], refusal?: Refusal): Promise<void>;
  /**
   * One TransactWriteItems: replaces `previous` (if still at its version: 409/404 otherwise),
   * keeps its rows in step, and writes `alongside` (e.g. assignments), as `insert` does.
   */
  replace(accountId: string, previous: T, next: T, alongside?: Step[], refusal?: Refusal): Promise<void>;
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

/**
 * The store of a work item type. Each item's collection holds the item and its list rows (see
 * `rowFilters`); the item and every row join the partitions of their filter, of every class and
 * of the item's visibility class, each with a per-status twin, so any list page the permissions
 * and filters allow is one Query that reads only what it returns.
 */
export function workItemStore<T extends StoredWorkItem, S>(def: WorkItemDefinition<T, S>): WorkItemStore<T, S> {
  const { type } = def;
  const facts = (item: T): WorkListFacts => ({
    id: item.id,
    sortAt: def.sortAt(item),
    archived: item.archived,
    visibility: visibilityOf(item),
    ...(item.status !== undefined ? { status: item.status } : {}),
  });
  const rowKey = (accountId: string, id: string, filter: RowFilter) => workItemRow(type, accountId, id, filter);

  function collectionWrites(accountId: string, item: T, previous?: T): Step[] {
    const listFacts = facts(item);
    const summary = withoutDescription(item);
    const stored: PrimaryKey & Record<string, unknown> = {
      ...workItem(type, accountId, item.id),
      ...workItemRowIndexes(type, accountId, {}, listFacts),
      // Jobs and incidents by modification time, for the feed (FEED-4): the record only, not its rows.
      ...def.recordIndexes?.(accountId, item, listFacts.visibility),
      entity: def.entity,
      ...(item as unknown as Record<string, unknown>),
    };
    const writes: Step[] = [
      { name: 'item', write: previous ? putVersioned(stored, previous.version) : putNew(stored) },
    ];
    const kept = new Set<string>();
    for (const filter of rowFilters(item)) {
      const key = rowKey(accountId, item.id, filter);
      kept.add(key.sk);
      writes.push({
        name: 'listRow',
        write: putDerived({
          ...key,
          ...workItemRowIndexes(type, accountId, filter, listFacts),
          entity: `${def.entity}ListRow`,
          ...summary,
        }),
      });
    }
    for (const filter of previous ? rowFilters(previous) : []) {
      const key = rowKey(accountId, item.id, filter);
      if (!kept.has(key.sk)) writes.push({ name: 'listRow', write: deleteItem(key) });
    }
    return [...writes, ...(previous ? accessFanOut(accountId, previous, item) : [])];
  }

  /**
   * The item's state on the access records of the external users it keeps assigned (ACS-3), when
   * that state (archived, status, due date) changes: in the item's own transaction, so a portal
   * write after it is refused. Assignees the change adds or removes get theirs from the
   * assignments' writes.
   */
  function accessFanOut(accountId: string, previous: T, next: T): Step[] {
    if (type !== 'job' && type !== 'incident') return [];
    const before = itemSliceOf(previous as StoredWorkItem & { dueAt?: string });
    const after = itemSliceOf(next as StoredWorkItem & { dueAt?: string });
    if (JSON.stringify(before) === JSON.stringify(after)) return [];
    const assignees = (next.externalUsers ?? []).filter((id) => previous.externalUsers?.includes(id));
    return assignees.map((externalUserId) => accessUpdate({ type, accountId, itemId: next.id, externalUserId }, after));
  }

  async function find(accountId: string, id: string): Promise<T | undefined> {
    return getItem(workItem(type, accountId, id), def.schema);
  }

  return {
    find,
    async require(accountId, id) {
      const item = await find(accountId, id);
      if (!item) throw new NotFoundError(`No such ${def.label}`);
      return item;
    },
    async insert(accountId, item, alongside = [], refusal) {
      await transact(
        [...collectionWrites(accountId, item), ...alongside],
        (failed) =>
          refusal?.(failed) ??
          (failed.has('item')
            ? new ConflictError(`This ${def.label} id exists already`)
            : new ConflictError('Something this write depends on changed at the same moment; try again')),
      );
    },
    async replace(accountId, previous, next, alongside = [], refusal) {
      await transact(
        [...collectionWrites(accountId, next, previous), ...alongside],
        (failed) => refusal?.(failed) ?? conflict(def, failed),
      );
    },
  };
}

/**
 * A failure of the item's own step is a stale version (409 with the current item) or a deleted
 * item (404); any other cancellation is a concurrent transaction.
 */
function conflict<T extends StoredWorkItem, S>(def: WorkItemDefinition<T, S>, failed: FailedSteps): Error {
  if (!failed.has('item')) return new ConflictError(`The ${def.label} was being changed at the same moment; try again`);
  return staleVersionError(def.schema, failed.get('item'));
}

// Deleting and listing live apart from the store's object, so a function that only creates or
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

/** One Query: a page of one list partition; `cursor` must come from the same partition (400 otherwise). */
export function queryWorkItemPartition<T extends StoredWorkItem, S>(
  def: WorkItemDefinition<T, S>,
  target: QueryTarget,
  page: { limit: number; cursor?: string },
): Promise<PartitionPage<S>> {
  return queryPage(target, def.summarySchema, page);
}
