import { accountPartition, SAFE_ID_CHARS } from './segments';
import type { PrimaryKey } from './table-definition';

// Made by a pure arrow called at once: esbuild counts a template that names another module's
// constant as a possible side effect, and kept the expression in every bundle importing this module.
const ACCOUNT_OF_KEY = /* @__PURE__ */ (() => new RegExp(`^ACC#(${SAFE_ID_CHARS})(#|$)`))();

/**
 * ACC-1, ACC-2, ACC-3, ACC-4, STF-4, STF-6, LNK-1, LNK-2, RPT-3, EXP-4: the account record: its settings
 * (departments, privacy statuses, severity scale) and its count of active Account Admins.
 */
export const account = (accountId: string): PrimaryKey => ({ pk: accountPartition(accountId), sk: 'ACCOUNT' });

/**
 * LNK-1, AUD-1: the account a key of an account's record belongs to (stream consumers read keys
 * back); undefined for others.
 */
export const accountIdOf = (pk: unknown): string | undefined =>
  typeof pk === 'string' ? ACCOUNT_OF_KEY.exec(pk)?.[1] : undefined;
