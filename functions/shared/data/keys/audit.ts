/**
 * The audit trail. An entry's key is built from its stream record (time, then sequence number), so
 * a replayed record finds its entry written and adds none (R19), and an item's entries sort in the
 * stream's order (R20). Entries about an external user are also filed in the account's activity
 * lists: all of them, by item type, by external user, and by both (one index each).
 */
import { type AssignableType, accountPartition, segment, startingWith, workCollection } from './segments';
import type { PrimaryKey, QueryTarget } from './table-definition';

/**
 * Where an audit entry is filed: a job's or incident's trail, a partition next to its collection
 * (so nothing that reads the collection meets the trail), or the account's own trail.
 */
export type AuditTarget = { accountId: string; item?: { type: AssignableType; id: string } };

const auditSort = (at: string, sequenceNumber: string) => `${at}#${sequenceNumber.padStart(40, '0')}`;
const activity = (accountId: string) => `${accountPartition(accountId)}#EXTACTIVITY`;
const trail = (type: AssignableType, accountId: string, itemId: string) =>
  `${workCollection(type, accountId, itemId)}#AUDIT`;

/** AUD-1: an audit entry, in its item's trail or the account's. */
export const auditEntry = (target: AuditTarget, at: string, sequenceNumber: string): PrimaryKey => ({
  pk: target.item
    ? trail(target.item.type, target.accountId, target.item.id)
    : `${accountPartition(target.accountId)}#AUDIT`,
  sk: `AUDIT#${auditSort(at, segment(sequenceNumber))}`,
});

/**
 * AUD-1: index attributes of an entry about an external user: the account's activity, by
 * external user, and (entries about an item) by item type and by both.
 */
export const auditEntryIndexes = (target: AuditTarget, externalUserId: string, at: string, sequenceNumber: string) => {
  const sort = auditSort(at, segment(sequenceNumber));
  const user = `${activity(target.accountId)}#EXTUSER#${segment(externalUserId)}`;
  return {
    gsi1pk: activity(target.accountId),
    gsi1sk: sort,
    gsi3pk: user,
    gsi3sk: sort,
    ...(target.item
      ? {
          gsi2pk: `${activity(target.accountId)}#TYPE#${target.item.type}`,
          gsi2sk: sort,
          gsi4pk: `${user}#TYPE#${target.item.type}`,
          gsi4sk: sort,
        }
      : {}),
  };
};

/** AUD-2: a job's or incident's trail: one Query of its trail's partition (newest first). */
export const itemTrail = (type: AssignableType, accountId: string, itemId: string): QueryTarget =>
  startingWith(trail(type, accountId, itemId), 'AUDIT#');

/** AUD-3: external user activity, filtered by user and item type, in a date range: one Query of one index. */
export const externalActivity = (
  accountId: string,
  filter: { externalUserId?: string; itemType?: AssignableType; from?: string; to?: string },
): QueryTarget => {
  const user = filter.externalUserId !== undefined ? `#EXTUSER#${segment(filter.externalUserId)}` : '';
  const type = filter.itemType !== undefined ? `#TYPE#${filter.itemType}` : '';
  const [index, pk, sk] = user
    ? type
      ? (['visibilityByStatus', 'gsi4pk', 'gsi4sk'] as const)
      : (['listsByStatus', 'gsi3pk', 'gsi3sk'] as const)
    : type
      ? (['visibility', 'gsi2pk', 'gsi2sk'] as const)
      : (['lists', 'gsi1pk', 'gsi1sk'] as const);
  return {
    index,
    partition: { name: pk, value: `${activity(accountId)}${user}${type}` },
    ...(filter.from !== undefined || filter.to !== undefined
      ? {
          sortKeyRange: {
            name: sk,
            ...(filter.from !== undefined ? { from: filter.from } : {}),
            // Every entry of the `to` instant sorts before "<to>#~".
            ...(filter.to !== undefined ? { to: `${filter.to}#~` } : {}),
          },
        }
      : {}),
  };
};
