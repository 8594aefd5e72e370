import {
  accountPartition,
  inCollection,
  segment,
  startingWith,
  type WorkItemType,
  workCollection,
  workTag,
} from './segments';
import type { PrimaryKey, QueryTarget } from './table-definition';

/**
 * Which items of a type a partition holds, by visibility: every class, non-confidential items
 * (open), confidential ones by flag (risks, assessments, projects), or those of one privacy status
 * (jobs, incidents, logs: each privacy status is a class of its own).
 */
export type VisibilityClass =
  | { kind: 'open' }
  | { kind: 'confidential' }
  | { kind: 'privacyStatus'; privacyStatusId: string };

/**
 * The list filter a row serves: a row of the item itself (no filter), of one owner, of the
 * item's department, or of one owner within the department. The external user, customer, site
 * and site tree filters each have rows of their own, never combined with the others.
 */
export interface RowFilter {
  ownerId?: string;
  /** With `ownerId` (WRK-8): another owner of the item. */
  coOwnerId?: string;
  departmentId?: string;
  /** Jobs and incidents: one assigned external user. */
  externalUserId?: string;
  /** Jobs, incidents and logs: the customer the item names. */
  customerId?: string;
  /** Jobs, incidents and logs: the site the item names. */
  siteId?: string;
  /** Jobs, incidents and logs: the master site of the item's site's tree (the site's parent, or the site itself). */
  siteTreeId?: string;
}

/** The columns a work item's list partitions are ordered and filtered by. */
export interface WorkListFacts {
  id: string;
  /** The date-time lists order by (a job's dueAt, an incident's raisedAt, a log's occurredAt, a risk's createdAt). */
  sortAt: string;
  archived: boolean;
  /** Types without a status (logs) have no per-status partitions. */
  status?: string;
  visibility: VisibilityClass;
}

/** Which page of work items one Query reads. */
export interface WorkListOptions {
  archived: boolean;
  status?: string;
  range?: { from?: string; to?: string };
}

/** The filters in the order their segments join a partition key, each with its tag. */
const filterTags = [
  ['ownerId', 'OWNER'],
  ['coOwnerId', 'COOWNER'],
  ['departmentId', 'DEPT'],
  ['externalUserId', 'EXTUSER'],
  ['customerId', 'CUSTOMER'],
  ['siteId', 'SITE'],
  ['siteTreeId', 'SITETREE'],
] as const;

/** The partition of one filter of a type: archived items live apart, so neither list reads the other's. */
function filterPartition(type: WorkItemType, accountId: string, filter: RowFilter, archived: boolean): string {
  const base = `${accountPartition(accountId)}#${archived ? 'ARCHIVED' : ''}${workTag[type]}S`;
  return (
    base +
    filterTags.map(([name, tag]) => (filter[name] !== undefined ? `#${tag}#${segment(filter[name])}` : '')).join('')
  );
}

const classSuffix = (visibility: VisibilityClass) =>
  visibility.kind === 'open'
    ? '#OPEN'
    : visibility.kind === 'confidential'
      ? '#CONFIDENTIAL'
      : `#PRIVACY#${segment(visibility.privacyStatusId)}`;

const statusSuffix = (status: string | undefined) => (status === undefined ? '' : `#STATUS#${segment(status)}`);

/** Sort key of every list partition: the date-time (ISO-8601 UTC, so text order is time order), then the id. */
const workListSort = (facts: { sortAt: string; id: string }) =>
  `${new Date(facts.sortAt).toISOString()}#${segment(facts.id)}`;

/**
 * The four list indexes a row joins: its filter's partition of every class (lists) and of its
 * class (visibility), and the per-status twins of both (listsByStatus, visibilityByStatus).
 */
const listIndexes = [
  { index: 'lists', pk: 'gsi1pk', sk: 'gsi1sk', byClass: false, byStatus: false },
  { index: 'visibility', pk: 'gsi2pk', sk: 'gsi2sk', byClass: true, byStatus: false },
  { index: 'listsByStatus', pk: 'gsi3pk', sk: 'gsi3sk', byClass: false, byStatus: true },
  { index: 'visibilityByStatus', pk: 'gsi4pk', sk: 'gsi4sk', byClass: true, byStatus: true },
] as const;

/**
 * WRK-1, WRK-2, WRK-3, WRK-4, WRK-7, WRK-9, PLN-1, PLN-2, PLN-3, LNK-1, LNK-2, ASG-2, ASG-3, ASG-4, CHK-3,
 * CHK-8, PTL-1, AUD-2, AUD-3, CLP-4, EXP-4: a work item in its collection.
 */
export const workItem = (type: WorkItemType, accountId: string, id: string): PrimaryKey =>
  inCollection(type, accountId, id, workTag[type]);

/**
 * WRK-4, AUD-2, AUD-3: what a deleted work item leaves in its collection: who deleted it, when,
 * and the facts that decide who may see it, so its audit trail stays readable by exactly those.
 */
export const deletedWorkItem = (type: WorkItemType, accountId: string, id: string): PrimaryKey =>
  inCollection(type, accountId, id, 'DELETED');

/**
 * WRK-8: the (owner, X) rows' sort keys, `OWNER<TAG>#<owner>#<X>`, by what X is: an assigned
 * external user, another owner, the customer, the site.
 */
const pairTags = [
  ['externalUserId', 'EXT'],
  ['coOwnerId', 'CO'],
  ['customerId', 'CUST'],
  ['siteId', 'SITE'],
] as const;

/** An (owner, X) row's filter (WRK-8): one owner and one of `pairTags`' filters. */
export type OwnerPairFilter = { ownerId: string } & Partial<Record<(typeof pairTags)[number][0], string>>;

/**
 * WRK-2, WRK-3, WRK-4, WRK-8: a list row of a work item, in its collection, for a filter: one per owner
 * (`OWNER#<id>`), one for its department (`DEPARTMENT`), one per owner within the department
 * (`OWNERDEPT#<id>`), one per assigned external user (`EXTUSERROW#<id>`), one each for its
 * customer (`CUSTOMERROW#<id>`), its site (`SITEROW#<id>`) and its site's tree (`SITETREEROW#<id>`),
 * and per owner of an open job or incident one per assigned external user (`OWNEREXT#<o>#<x>`),
 * other owner (`OWNERCO#<o>#<c>`), its customer (`OWNERCUST#<o>#<c>`) and its site (`OWNERSITE#<o>#<s>`).
 */
export const workItemRow = (type: WorkItemType, accountId: string, id: string, filter: RowFilter): PrimaryKey => {
  const { ownerId, departmentId } = filter;
  // An owner with another filter (the stream consumer's rows, WRK-8): `OWNER<TAG>#<owner>#<value>`.
  const pair = pairTags.find(([name]) => filter[name] !== undefined);
  if (pair && ownerId !== undefined) {
    return inCollection(
      type,
      accountId,
      id,
      `OWNER${pair[1]}#${segment(ownerId)}#${segment(filter[pair[0]] as string)}`,
    );
  }
  // A filter with rows of its own (after owner, co-owner and department: external user, customer,
  // site, site tree): `<TAG>ROW#<id>`.
  const own = filterTags.slice(3).find(([name]) => filter[name] !== undefined);
  const sk = own
    ? `${own[1]}ROW#${segment(filter[own[0]] as string)}`
    : ownerId !== undefined
      ? `${departmentId !== undefined ? 'OWNERDEPT' : 'OWNER'}#${segment(ownerId)}`
      : departmentId !== undefined
        ? 'DEPARTMENT'
        : undefined;
  if (sk === undefined) throw new Error('a list row needs a filter; the item is its own row');
  return inCollection(type, accountId, id, sk);
};

/**
 * WRK-2, WRK-3: index attributes of a list row (the item itself when `filter` is empty): its
 * filter's partition of every class (lists) and of the row's class (visibility), and for types
 * with a status the per-status twins of both; with `byClass`, only those of a class (true) or of
 * every class (false).
 */
export const workItemRowIndexes = (
  type: WorkItemType,
  accountId: string,
  filter: RowFilter,
  facts: WorkListFacts,
  byClass?: boolean,
) => {
  const partition = filterPartition(type, accountId, filter, facts.archived);
  const sort = workListSort(facts);
  const attributes: Record<string, string> = {};
  for (const index of listIndexes) {
    if ((index.byStatus && facts.status === undefined) || (byClass ?? index.byClass) !== index.byClass) continue;
    attributes[index.pk] =
      `${partition}${index.byClass ? classSuffix(facts.visibility) : ''}${index.byStatus ? statusSuffix(facts.status) : ''}`;
    attributes[index.sk] = sort;
  }
  return attributes;
};

/**
 * WRK-8: index attributes of an (owner, X) row of an open job or incident: the class partitions
 * (`visibility` and its per-status twin) of its filter, the ones a list reads for the pair (the
 * openOwnedBy scope, WRK-6). A co-owner row of an item with a department also joins the
 * all-classes partitions (`lists`, `listsByStatus`) of the owner and co-owner within the
 * department, which only such rows (of open items) join, so they hold exactly the open items both
 * own in it. A row costs the table and two index writes, four with the department.
 */
export const ownerPairRowIndexes = (
  type: WorkItemType,
  accountId: string,
  filter: OwnerPairFilter,
  facts: WorkListFacts & { departmentId?: string | undefined },
) => {
  const { departmentId } = facts;
  return {
    ...workItemRowIndexes(type, accountId, filter, facts, true),
    ...(filter.coOwnerId && departmentId
      ? workItemRowIndexes(type, accountId, { ...filter, departmentId }, facts, false)
      : {}),
  };
};

/**
 * WRK-8: the key of an (owner, X) row by the sort key its Query read; undefined for the item's
 * owner rows (`OWNER#<o>`, `OWNERDEPT#<o>`: one segment where a pair has two).
 */
export const ownerPairRowKey = (type: WorkItemType, accountId: string, id: string, sk: string) =>
  sk.split('#').length === 3 ? inCollection(type, accountId, id, sk) : undefined;

/**
 * WRK-8: one Query of an item's (owner, X) rows, in its collection: those beginning with `OWNER`,
 * which holds its owner rows too (`ownerPairRowKey` tells them apart).
 */
export const ownerPairRows = (type: WorkItemType, accountId: string, id: string): QueryTarget =>
  startingWith(workCollection(type, accountId, id), 'OWNER');

/**
 * WRK-5, WRK-6, WRK-9, CLP-3, CLP-5, CLP-7, RPT-1, FEED-16: one list partition of a type: the items matching `filter` (owner, department,
 * external user, customer, site, site tree), of one visibility class or of all, optionally of one status, within a date
 * range: one Query.
 */
export const workItemList = (
  type: WorkItemType,
  accountId: string,
  partition: { filter: RowFilter; visibility?: VisibilityClass },
  options: WorkListOptions,
): QueryTarget => {
  const { visibility, filter } = partition;
  const byClass = visibility !== undefined;
  const byStatus = options.status !== undefined;
  const index = listIndexes.find((i) => i.byClass === byClass && i.byStatus === byStatus);
  if (!index) throw new Error('no list index');
  const range = options.range ?? {};
  return {
    index: index.index,
    partition: {
      name: index.pk,
      value: `${filterPartition(type, accountId, filter, options.archived)}${visibility ? classSuffix(visibility) : ''}${statusSuffix(options.status)}`,
    },
    sortKeyRange: {
      name: index.sk,
      ...(range.from ? { from: new Date(range.from).toISOString() } : {}),
      // '~' sorts after every id character, so the bound includes items at exactly `to`.
      ...(range.to ? { to: `${new Date(range.to).toISOString()}#~` } : {}),
    },
  };
};
