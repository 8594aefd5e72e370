import { keys } from '#shared/data/keys';
import { getItem, type TransactItem, putNew } from '#shared/data/table';
import { z } from 'zod';
import { type StaffUser, staffUserSchema } from './staff.contract';

const storedStaffUser = staffUserSchema.extend({ entity: z.literal('StaffUser') });

/** One GetItem: a staff user of the given account, or undefined. */
export async function findStaffUser(accountId: string, userId: string): Promise<StaffUser | undefined> {
  const item = await getItem(keys.staffUser(accountId, userId), storedStaffUser);
  if (!item) return undefined;
  const { entity: _entity, ...user } = item;
  return user;
}

/**
 * The writes that create a staff user: the user item and the guard item that keeps the e-mail
 * unique in the account. Callers send them in one transaction with whatever else must hold.
 */
export function newStaffUserWrites(user: StaffUser): TransactItem[] {
  return [
    putNew({
      ...keys.staffUser(user.accountId, user.id),
      ...keys.staffUserIndexes(user.accountId, user.id, `${user.familyName} ${user.givenName}`),
      entity: 'StaffUser',
      ...user,
    }),
    putNew({
      ...keys.staffUserEmail(user.accountId, user.email),
      entity: 'StaffUserEmail',
      version: 1,
      userId: user.id,
      createdAt: user.createdAt,
      updatedAt: user.createdAt,
    }),
  ];
}
