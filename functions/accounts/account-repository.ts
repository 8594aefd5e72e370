import * as z from 'zod/mini';
import { keys } from '#shared/data/keys';
import { counterChange, getItem, putNew, type TransactItem } from '#shared/data/table';

export const accountSchema = z.object({
  entity: z.literal('Account'),
  id: z.string(),
  name: z.string(),
  /** Kept by every transaction that adds or removes an active Account Admin; never below 1. */
  activeAccountAdmins: z.int(),
  version: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type Account = z.infer<typeof accountSchema>;

/** One GetItem: the account, or undefined. */
export function findAccount(accountId: string): Promise<Account | undefined> {
  return getItem(keys.account(accountId), accountSchema);
}

/** The write that creates an account; fails the transaction if the id is taken. */
export function newAccountWrite(account: Account): TransactItem {
  return putNew({ ...keys.account(account.id), ...account });
}

/**
 * Adds (+1) or removes (−1) an active Account Admin in the same transaction as the user change;
 * the transaction fails rather than leave the account without one.
 */
export function activeAccountAdminsChange(accountId: string, delta: 1 | -1): TransactItem {
  return counterChange(keys.account(accountId), 'activeAccountAdmins', delta, 1);
}
