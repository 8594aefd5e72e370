import { type Clock, systemClock } from '#shared/clock';
import { ConflictError, ForbiddenError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import type { ExternalUserView } from '../external-users/external-user.schema';
import { requireExternalUser, view } from '../external-users/external-user-service';
import { isAdminRole } from '../staff/permissions/roles';
import type { StaffUser } from '../staff/staff.contract';
import {
  assertMayManage,
  assertNotDeleted,
  readMe,
  requireStaffUser,
  requireUserSettings,
} from '../staff/staff-service';
import { resetDeliverability } from './deliverability-repository';

/**
 * An admin's reset of an external user's bounced or complained address, for a mailbox they know
 * is fixed (DLV-3): `deliverability` becomes `deliverable` with who and when, so the send path
 * sends again; the stream consumer audits it (`deliverability_reset`). 403 for non-admin roles,
 * 404 for an external user not of the account, 409 NOT_UNDELIVERABLE when nothing is to reset.
 * A new address is a new external user, as before (docs/operations.md).
 */
export async function resetExternalUserDeliverability(
  caller: StaffCaller,
  externalUserId: string,
  clock: Clock = systemClock,
): Promise<ExternalUserView> {
  const actor = await readMe(caller);
  if (!isAdminRole(actor.role)) {
    throw new ForbiddenError('Managing external users needs an admin role', 'EXTERNAL_USERS_DENIED');
  }
  await requireExternalUser(caller.accountId, externalUserId);
  const now = clock();
  const recipient = { accountId: caller.accountId, kind: 'external', id: externalUserId } as const;
  if (!(await resetDeliverability(recipient, actor.id, now.toISOString()))) {
    throw new ConflictError(
      "This external user's address is not marked bounced or complained",
      undefined,
      'NOT_UNDELIVERABLE',
    );
  }
  return view(await requireExternalUser(caller.accountId, externalUserId), now);
}

/**
 * The same reset of a staff user's address (DLV-4), by a user with user settings access (User
 * Admin, Account Admin): only an Account Admin acts on an Account Admin (ROLE_GRANT_DENIED). 403
 * USER_SETTINGS_DENIED for other roles, 404 for a staff user not of the account, 409
 * USER_DELETED for a deleted one and NOT_UNDELIVERABLE when nothing is to reset. The stream
 * consumer audits it in the account's activity (`deliverability_reset`, subject the staff user).
 * A new address is changed in Cognito and the user record (docs/operations.md).
 */
export async function resetStaffUserDeliverability(
  caller: StaffCaller,
  userId: string,
  clock: Clock = systemClock,
): Promise<StaffUser> {
  const actor = await requireUserSettings(caller);
  const target = await requireStaffUser(caller, userId);
  assertNotDeleted(target);
  assertMayManage(actor, target.role, undefined);
  const recipient = { accountId: caller.accountId, kind: 'staff', id: userId } as const;
  if (!(await resetDeliverability(recipient, actor.id, clock().toISOString()))) {
    throw new ConflictError(
      "This staff user's address is not marked bounced or complained",
      undefined,
      'NOT_UNDELIVERABLE',
    );
  }
  return requireStaffUser(caller, userId);
}
