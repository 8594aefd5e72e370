import * as z from 'zod/mini';
import { keys } from '#shared/data/keys';
import { getItem, putNew, type TransactItem, updateVersioned } from '#shared/data/table';
import { type StaffUser, staffUserSchema } from './staff.contract';

/** A staff user item as stored. */
export const storedStaffUser = z.extend(staffUserSchema, { entity: z.literal('StaffUser') });

/** One GetItem: a staff user of the given account, or undefined. */
export async function findStaffUser(accountId: string, userId: string): Promise<StaffUser | undefined> {
  const item = await getItem(keys.staffUser(accountId, userId), storedStaffUser);
  if (!item) return undefined;
  const { entity: _entity, ...user } = item;
  return user;
}

/** One UpdateItem: renames a staff user if `expectedVersion` is still current (else 409). */
export async function updateStaffUserName(
  user: StaffUser,
  expectedVersion: number,
  name: { givenName: string; familyName: string },
  now: Date,
): Promise<StaffUser> {
  const { entity: _entity, ...updated } = await updateVersioned(
    keys.staffUser(user.accountId, user.id),
    expectedVersion,
    name,
    storedStaffUser,
    now,
    keys.staffUserIndexes(user.accountId, user.id, `${name.familyName} ${name.givenName}`),
  );
  return updated;
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
