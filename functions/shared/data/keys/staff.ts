import { byName, inAccount, listedByName, nameGuard, segment } from './segments';
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

/** STF-2: staff users of an account, ordered by name: one Query on `lists`. */
export const staffUsersByName = (accountId: string): QueryTarget => byName(accountId, 'USERS');
