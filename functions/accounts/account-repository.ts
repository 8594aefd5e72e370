import * as z from 'zod/mini';
import { keys } from '#shared/data/keys';
import { getItem, putNew, type TransactItem } from '#shared/data/table';

export const accountSchema = z.object({
  entity: z.literal('Account'),
  id: z.string(),
  name: z.string(),
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
