/**
 * The audit trail. An entry's key is built from its stream record (time, then sequence number), so
 * a replayed record finds its entry written and adds none (R19), and an item's entries sort in the
 * stream's order (R20). Entries about an external user are also filed in the account's activity
 * lists: all of them, and by external user (one index each; the item type is a filter on either).
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
const activityOf = (accountId: string, externalUserId: string) =>
  `${activity(accountId)}#EXTUSER#${segment(externalUserId)}`;
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
 * AUD-1: index attributes of an entry about an external user: the account's activity (`lists`)
 * and the external user's (`listsByStatus`). Entries written before issue 17 also carry gsi2/gsi4
 * (by item type, by both); nothing reads those any more.
 */
export const auditEntryIndexes = (target: AuditTarget, externalUserId: string, at: string, sequenceNumber: string) => {
  const sort = auditSort(at, segment(sequenceNumber));
  return {
    gsi1pk: activity(target.accountId),
    gsi1sk: sort,
    gsi3pk: activityOf(target.accountId, externalUserId),
    gsi3sk: sort,
  };
};

/**
 * AUD-1: index attributes of an account-level entry about an account setting (a customer, a
 * site): the account's activity (`lists`) only, as it concerns no external user.
 */
export const auditSettingIndexes = (target: AuditTarget, at: string, sequenceNumber: string) => ({
  gsi1pk: activity(target.accountId),
  gsi1sk: auditSort(at, segment(sequenceNumber)),
});

const ENTRY_SORT = /^AUDIT#(.+)#\d{40}$/;
const ITEM_TRAIL = /^ACC#[^#]+#(JOB|INCIDENT)#([^#]+)#AUDIT$/;
const USER_ACTIVITY = /#EXTACTIVITY#EXTUSER#([^#]+)$/;

/**
 * AUD-1: what an entry's keys already say, so the entry need not repeat it (each repeated byte is
 * written three times): when (its sort key), the item whose trail holds it, and the external user
 * whose activity lists it. Each only when the keys have it.
 */
export function auditEntryFromKeys(item: Record<string, unknown>): {
  at?: string;
  itemType?: AssignableType;
  itemId?: string;
  externalUserId?: string;
} {
  const str = (value: unknown) => (typeof value === 'string' ? value : '');
  const at = ENTRY_SORT.exec(str(item.sk))?.[1];
  const trailOf = ITEM_TRAIL.exec(str(item.pk));
  const externalUserId = USER_ACTIVITY.exec(str(item.gsi3pk))?.[1];
  return {
    ...(at ? { at } : {}),
    ...(trailOf?.[2] ? { itemType: trailOf[1] === 'JOB' ? 'job' : 'incident', itemId: trailOf[2] } : {}),
    ...(externalUserId ? { externalUserId } : {}),
  };
}

/** AUD-2, RPT-4: a job's or incident's trail: one Query of its trail's partition (newest first). */
export const itemTrail = (type: AssignableType, accountId: string, itemId: string): QueryTarget =>
  startingWith(trail(type, accountId, itemId), 'AUDIT#');

/**
 * AUD-3, FEED-9, RPT-4: external user activity in a date range: one Query of the account's activity (`lists`) or,
 * filtered by external user, of that user's (`listsByStatus`). An item type filter is a
 * FilterExpression on the entry's `itemType` over the same partition: it reads the entries of the
 * other type too (docs/performance.md), so an audit entry is written to two indexes, not four.
 */
export const externalActivity = (
  accountId: string,
  filter: { externalUserId?: string; itemType?: AssignableType; from?: string; to?: string },
): QueryTarget => {
  const [index, pk, sk] =
    filter.externalUserId !== undefined
      ? (['listsByStatus', 'gsi3pk', 'gsi3sk'] as const)
      : (['lists', 'gsi1pk', 'gsi1sk'] as const);
  return {
    index,
    partition: {
      name: pk,
      value: filter.externalUserId !== undefined ? activityOf(accountId, filter.externalUserId) : activity(accountId),
    },
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
    ...(filter.itemType !== undefined ? { matching: { name: 'itemType', value: filter.itemType } } : {}),
  };
};
