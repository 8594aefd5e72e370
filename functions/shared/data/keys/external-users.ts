import { byName, inAccount, nameGuard, nameList, nameSort, segment } from './segments';
import type { PrimaryKey, QueryTarget } from './table-definition';

/**
 * XU-2, XU-3, XU-4, XU-5, XU-6, XU-7, LNK-2, ASG-3, CHK-3, CHK-8, TRM-3, PTL-1, DLV-1, DLV-2, DLV-3: an
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
 * XU-4, XU-5, XU-6: index attributes of an external user: listed by name (lower case "family given")
 * among all of the account's external users (lists) and among those of its status (listsByStatus).
 */
export const externalUserIndexes = (accountId: string, externalUserId: string, sortName: string, status: string) => {
  const sort = nameSort(sortName, externalUserId);
  return {
    gsi1pk: nameList(accountId, 'EXTUSERS'),
    gsi1sk: sort,
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
