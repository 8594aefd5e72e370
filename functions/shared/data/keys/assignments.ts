import {
  type AssignableType,
  accountPartition,
  inCollection,
  segment,
  startingWith,
  workCollection,
  workTag,
} from './segments';
import type { PrimaryKey, QueryTarget } from './table-definition';

/** The `lists` partition of an external user's assignments. */
const assignmentsOf = (accountId: string, externalUserId: string) =>
  `${accountPartition(accountId)}#EXTUSER#${segment(externalUserId)}#ASSIGNMENTS`;

/**
 * LNK-1, LNK-2, ASG-1, ASG-4, CHK-3, PTL-1, PTL-2, RPT-2, DLV-1: the assignment of an external user to a job or
 * incident, in the item's collection.
 */
export const assignment = (
  type: AssignableType,
  accountId: string,
  itemId: string,
  externalUserId: string,
): PrimaryKey => inCollection(type, accountId, itemId, `ASSIGN#${segment(externalUserId)}`);

/** ASG-1: index attributes of an assignment: listed among the external user's assignments (lists). */
export const assignmentIndexes = (type: AssignableType, accountId: string, itemId: string, externalUserId: string) => ({
  gsi1pk: assignmentsOf(accountId, externalUserId),
  gsi1sk: `${workTag[type]}#${segment(itemId)}`,
});

/** ASG-2: a job's or incident's assignments: one Query of its collection. */
export const itemAssignments = (type: AssignableType, accountId: string, itemId: string): QueryTarget =>
  startingWith(workCollection(type, accountId, itemId), 'ASSIGN#');

/** ASG-3, CLP-6, FEED-15: an external user's assignments, jobs then incidents: one Query on `lists`. */
export const externalUserAssignments = (accountId: string, externalUserId: string): QueryTarget => ({
  index: 'lists',
  partition: { name: 'gsi1pk', value: assignmentsOf(accountId, externalUserId) },
});

/**
 * PTL-3: an external user's active assignments, jobs then incidents: one Query on `lists` whose
 * filter leaves out the revoked ones (a page may then hold fewer than its limit).
 */
export const activeAssignmentsOf = (accountId: string, externalUserId: string): QueryTarget => ({
  ...externalUserAssignments(accountId, externalUserId),
  matching: { name: 'status', value: 'active' },
});
