import { type ChangeRange, changeBounds } from './feed';
import { byName, inAccount, nameGuard, nameList, nameSort, segment } from './segments';
import type { PrimaryKey, QueryTarget } from './table-definition';

/**
 * XU-2, XU-3, XU-4, XU-5, XU-6, XU-7, LNK-2, ASG-3, CHK-3, CHK-8, TRM-3, PTL-1, DLV-1, DLV-2, DLV-3, FEED-19: an
 * external user of the account.
 */
export const externalUser = (accountId: string, externalUserId: string): PrimaryKey =>
  inAccount(accountId, `EXTUSER#${segment(externalUserId)}`);

/**
 * XU-4, XU-5, XU-6: an active external user's auto-disable date, kept apart so DynamoDB's TTL
 * removes it on that date: the removal is the audit trail's "auto-disable date reached".
 */
export const externalUserAutoDisable = (accountId: string, externalUserId: string): PrimaryKey =>
  inAccount(accountId, `EXTUSER#${segment(externalUserId)}#AUTODISABLE`);

/** XU-2, XU-4, IMP-2: guard item that keeps an external user's e-mail unique within the account, and finds them by it. */
export const externalUserEmail = (accountId: string, email: string): PrimaryKey =>
  nameGuard(accountId, 'EXTUSEREMAIL', email);

const byStatus = (accountId: string, status: string) => `${nameList(accountId, 'EXTUSERS')}#STATUS#${segment(status)}`;

/**
 * XU-4, XU-5, XU-6, FEED-10, FEED-11: index attributes of an external user: listed by name (lower
 * case "family given") among all of the account's external users (lists) and among those of its
 * status (listsByStatus), and by modification time, `updatedAt` (an ISO instant in UTC, as every
 * writer stores it) then id, on `visibility` (which external users use for nothing else). Every
 * writer puts the record whole with them, so its entries move with each change.
 */
export const externalUserIndexes = (
  accountId: string,
  externalUserId: string,
  sortName: string,
  status: string,
  updatedAt: string,
) => {
  const sort = nameSort(sortName, externalUserId);
  const list = nameList(accountId, 'EXTUSERS');
  return {
    gsi1pk: list,
    gsi1sk: sort,
    gsi2pk: `${list}#CHANGES`,
    gsi2sk: `${updatedAt}#${segment(externalUserId)}`,
    gsi3pk: byStatus(accountId, status),
    gsi3sk: sort,
  };
};

/** XU-1, FEED-10: the account's external users by name, of one status or all, whose name starts with `prefix`: one Query. */
export const externalUsersByName = (accountId: string, options: { status?: string; prefix?: string }): QueryTarget => {
  const target: QueryTarget =
    options.status === undefined
      ? byName(accountId, 'EXTUSERS')
      : { index: 'listsByStatus', partition: { name: 'gsi3pk', value: byStatus(accountId, options.status) } };
  const sortKey = options.status === undefined ? 'gsi1sk' : 'gsi3sk';
  return {
    ...target,
    ...(options.prefix ? { sortKeyPrefix: { name: sortKey, value: options.prefix.toLowerCase() } } : {}),
  };
};

/**
 * FEED-10: the account's external users changed within a time range, oldest change first (of one
 * status with `status`: a filter on the same Query): one Query on `visibility`.
 */
export const externalUserChanges = (accountId: string, range: ChangeRange, status?: string): QueryTarget => ({
  index: 'visibility',
  partition: { name: 'gsi2pk', value: `${nameList(accountId, 'EXTUSERS')}#CHANGES` },
  sortKeyRange: { name: 'gsi2sk', ...changeBounds(range) },
  ...(status !== undefined ? { matching: { name: 'status', value: status } } : {}),
});

/**
 * FEED-11: the account and id of the external user a stored record is, read from its keys;
 * undefined for any other record (their guards and auto-disable markers included).
 */
export function externalUserRecordOf(item: {
  pk?: unknown;
  sk?: unknown;
}): { accountId: string; id: string } | undefined {
  const account = typeof item.pk === 'string' ? /^ACC#([^#]+)$/.exec(item.pk) : null;
  const user = typeof item.sk === 'string' ? /^EXTUSER#([^#]+)$/.exec(item.sk) : null;
  return account && user ? { accountId: account[1] as string, id: user[1] as string } : undefined;
}
