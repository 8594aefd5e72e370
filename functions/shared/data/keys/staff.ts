import { byName, inAccount, listedByName, nameGuard, nameList, nameSort, segment } from './segments';
import type { PrimaryKey, QueryTarget } from './table-definition';

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

/**
 * STF-2: staff users of an account, ordered by name (lower case "family given"), optionally only
 * those whose name starts with `prefix`: one Query on `lists`.
 */
export const staffUsersByName = (accountId: string, prefix?: string): QueryTarget => ({
  ...byName(accountId, 'USERS'),
  ...(prefix ? { sortKeyPrefix: { name: 'gsi1sk', value: prefix.toLowerCase() } } : {}),
});

/**
 * STF-4, STF-8: index attributes a staff user carries besides its name's: listed by e-mail address
 * (lower case) in its account, on `listsByStatus` (staff users have no status partition there).
 */
export const staffUserEmailIndexes = (accountId: string, userId: string, email: string) => ({
  gsi3pk: nameList(accountId, 'USEREMAILS'),
  gsi3sk: nameSort(email, userId),
});

/**
 * STF-8: staff users whose e-mail address starts with `prefix`, by address, leaving out those whose
 * name starts with it too (the name's part of the search showed them): one Query on `listsByStatus`.
 */
export const staffUsersByEmail = (accountId: string, prefix: string): QueryTarget => ({
  index: 'listsByStatus',
  partition: { name: 'gsi3pk', value: nameList(accountId, 'USEREMAILS') },
  sortKeyPrefix: { name: 'gsi3sk', value: prefix.toLowerCase() },
  notStartingWith: { name: 'gsi1sk', value: prefix.toLowerCase() },
});
