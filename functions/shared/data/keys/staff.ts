import { byName, inAccount, listedByName, nameGuard, nameList, nameSort, segment } from './segments';
import type { IndexName, PrimaryKey, QueryTarget } from './table-definition';

/**
 * ACC-4, STF-1, STF-3, STF-4, STF-5, STF-6, STF-7, LNK-1, CHK-8, PTL-1, EXP-4, DLV-1, DLV-2, DLV-4: a
 * staff user (their id is their Cognito `sub`).
 */
export const staffUser = (accountId: string, userId: string): PrimaryKey =>
  inAccount(accountId, `USER#${segment(userId)}`);

/** ACC-4, STF-4, STF-6, IMP-2: guard item that keeps a staff user's e-mail unique within the account. */
export const staffUserEmail = (accountId: string, email: string): PrimaryKey =>
  nameGuard(accountId, 'USEREMAIL', email);

/** ACC-4, STF-4, STF-5, STF-6: index attributes a staff user carries: listed by name in its account. */
export const staffUserIndexes = (accountId: string, userId: string, sortName: string) =>
  listedByName(accountId, 'USERS', userId, sortName);

/** The partition of an account's staff users (`USERS`) or their addresses (`USEREMAILS`) of one status. */
const ofStatus = (accountId: string, list: 'USERS' | 'USEREMAILS', status: string) =>
  `${nameList(accountId, list)}#STATUS#${segment(status)}`;

/**
 * STF-2, STF-4, STF-5, STF-6, STF-8: index attributes a staff user carries for the lists of one
 * status: by name on `visibilityByStatus`, by e-mail address on `visibility` (staff users have no
 * visibility classes: these partitions are the status twins of `staffUserIndexes` and
 * `staffUserEmailIndexes`). Written with the user, and again whenever the status or the name changes.
 */
export const staffUserStatusIndexes = (
  accountId: string,
  user: { id: string; status: string; email: string; sortName: string },
) => ({
  gsi4pk: ofStatus(accountId, 'USERS', user.status),
  gsi4sk: nameSort(user.sortName, user.id),
  gsi2pk: ofStatus(accountId, 'USEREMAILS', user.status),
  gsi2sk: nameSort(user.email, user.id),
});

/**
 * STF-2: staff users of an account, ordered by name (lower case "family given"), of one status or
 * all, optionally only those whose name starts with `prefix`: one Query on `lists` (on
 * `visibilityByStatus` with a status).
 */
export const staffUsersByName = (
  accountId: string,
  options: { prefix?: string; status?: string } = {},
): QueryTarget => {
  const [target, sortKey]: [QueryTarget, string] =
    options.status === undefined
      ? [byName(accountId, 'USERS'), 'gsi1sk']
      : [
          {
            index: 'visibilityByStatus',
            partition: { name: 'gsi4pk', value: ofStatus(accountId, 'USERS', options.status) },
          },
          'gsi4sk',
        ];
  return {
    ...target,
    ...(options.prefix ? { sortKeyPrefix: { name: sortKey, value: options.prefix.toLowerCase() } } : {}),
  };
};

/**
 * STF-4, STF-8: index attributes a staff user carries besides its name's: listed by e-mail address
 * (lower case) in its account, on `listsByStatus` (staff users have no status partition there).
 */
export const staffUserEmailIndexes = (accountId: string, userId: string, email: string) => ({
  gsi3pk: nameList(accountId, 'USEREMAILS'),
  gsi3sk: nameSort(email, userId),
});

/**
 * STF-8: staff users (of one status, with `status`) whose e-mail address starts with `prefix`, by
 * address, leaving out those whose name starts with it too (the name's part of the search showed
 * them): one Query on `listsByStatus` (on `visibility` with a status).
 */
export const staffUsersByEmail = (accountId: string, prefix: string, status?: string): QueryTarget => {
  const [index, pk, sk]: [IndexName, string, string] =
    status === undefined ? ['listsByStatus', 'gsi3pk', 'gsi3sk'] : ['visibility', 'gsi2pk', 'gsi2sk'];
  return {
    index,
    partition: {
      name: pk,
      value: status === undefined ? nameList(accountId, 'USEREMAILS') : ofStatus(accountId, 'USEREMAILS', status),
    },
    sortKeyPrefix: { name: sk, value: prefix.toLowerCase() },
    notStartingWith: { name: 'gsi1sk', value: prefix.toLowerCase() },
  };
};
