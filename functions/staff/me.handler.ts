import { ForbiddenError } from '#shared/errors';
import { httpHandler, ok, type StaffCaller } from '#shared/http';
import { findStaffUser } from './staff-repository';
import { getMe } from './staff.contract';

/** The caller's own staff record, always read from the account their token names. */
export async function readMe(caller: StaffCaller) {
  const user = await findStaffUser(caller.accountId, caller.userId);
  if (!user || user.status !== 'active') {
    throw new ForbiddenError('Your FieldPass user is not active in this account', 'USER_INACTIVE');
  }
  return user;
}

export const handler = httpHandler(getMe, async ({ caller }) => ok(await readMe(caller)));
