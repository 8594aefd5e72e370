import { type Clock, systemClock } from '#shared/clock';
import { ForbiddenError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import type { ModulePermissions } from './permissions/permission-settings';
import type { StaffRole, StaffUser } from './staff.contract';
import { createStaffIdentity, deleteStaffIdentity, disableStaffIdentity, enableStaffIdentity } from './staff-directory';
import { insertStaffUser, type JoinedWrites, markStaffUserDeleted, updateStaffUser } from './staff-repository';
import {
  assertAccountReferences,
  assertMayManage,
  assertNotDeleted,
  permissionsFor,
  requireStaffUser,
  requireUserSettings,
} from './staff-service';

export interface CreateUserInput {
  email: string;
  givenName: string;
  familyName: string;
  role: StaffRole;
  departmentIds?: string[];
  permissions?: ModulePermissions;
}

/**
 * Creates a staff user: the Cognito identity (Cognito e-mails the invitation with a temporary
 * password), then the user, its e-mail guard, the Account Admin count and the writes `joined`
 * makes for the new user, in one transaction. If that transaction fails the identity is removed again, so nothing is left
 * half-made.
 */
export async function createUser(
  caller: StaffCaller,
  input: CreateUserInput,
  clock: Clock = systemClock,
  joined?: (user: StaffUser) => JoinedWrites,
): Promise<StaffUser> {
  const actor = await requireUserSettings(caller);
  assertMayManage(actor, undefined, input.role);
  const permissions = permissionsFor(input.role, input.permissions ?? {});
  await assertAccountReferences(caller.accountId, { departmentIds: input.departmentIds, permissions });
  const id = await createStaffIdentity({
    email: input.email,
    givenName: input.givenName,
    familyName: input.familyName,
    accountId: caller.accountId,
  });
  const now = clock().toISOString();
  const user: StaffUser = {
    id,
    accountId: caller.accountId,
    email: input.email,
    givenName: input.givenName,
    familyName: input.familyName,
    role: input.role,
    status: 'active',
    departmentIds: input.departmentIds ?? [],
    permissions,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await insertStaffUser(user, joined?.(user));
  } catch (error) {
    await deleteStaffIdentity(input.email);
    throw error;
  }
  return user;
}

/**
 * Disables or re-enables a staff user. Disabling takes effect on their next request (every
 * request reads their status) and also signs them out of Cognito everywhere; an account's last
 * active Account Admin cannot be disabled.
 */
export async function setUserStatus(
  caller: StaffCaller,
  userId: string,
  status: 'active' | 'disabled',
  version: number,
  clock: Clock = systemClock,
): Promise<StaffUser> {
  const actor = await requireUserSettings(caller);
  const target = await requireStaffUser(caller, userId);
  assertNotDeleted(target);
  assertMayManage(actor, target.role, target.role);
  const updated = await updateStaffUser(target, version, { status }, clock());
  if (status === 'disabled') await disableStaffIdentity(target.email);
  else await enableStaffIdentity(target.email);
  return updated;
}

/**
 * Deletes a staff user: the record is marked deleted and their e-mail freed (one transaction
 * that refuses to remove the last active Account Admin), then their Cognito user is deleted, so
 * they cannot sign in again and the address can be invited anew. Every request they still make
 * with an unexpired token is refused, because each request reads their status. Idempotent: a
 * retry after a failure between the two steps finishes the Cognito part.
 */
export async function deleteUser(caller: StaffCaller, userId: string, clock: Clock = systemClock): Promise<void> {
  const actor = await requireUserSettings(caller);
  if (userId === actor.id) {
    throw new ForbiddenError('You cannot delete yourself: ask another admin', 'SELF_DELETE_DENIED');
  }
  const target = await requireStaffUser(caller, userId);
  assertMayManage(actor, target.role, target.role);
  if (target.status !== 'deleted') await markStaffUserDeleted(target, target.version, clock());
  await deleteStaffIdentity(target.email, { missingOk: true });
}
