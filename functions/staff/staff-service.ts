import { type Clock, systemClock } from '#shared/clock';
import { ForbiddenError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import type { StaffUser } from './staff.contract';
import { findStaffUser, updateStaffUserName } from './staff-repository';

/** The caller's own staff record, always read from the account their token names. */
export async function readMe(caller: StaffCaller): Promise<StaffUser> {
  const user = await findStaffUser(caller.accountId, caller.userId);
  if (user?.status !== 'active') {
    throw new ForbiddenError('Your FieldPass user is not active in this account', 'USER_INACTIVE');
  }
  return user;
}

/** Renames the caller; a stale `version` answers 409 with the current record. */
export async function updateMyName(
  caller: StaffCaller,
  change: { version: number; givenName?: string; familyName?: string },
  clock: Clock = systemClock,
): Promise<StaffUser> {
  const current = await readMe(caller);
  return updateStaffUserName(
    current,
    change.version,
    { givenName: change.givenName ?? current.givenName, familyName: change.familyName ?? current.familyName },
    clock(),
  );
}
