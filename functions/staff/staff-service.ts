import { type Clock, systemClock } from '#shared/clock';
import { ForbiddenError, NotFoundError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import type { StaffRole, StaffUser } from './staff.contract';
import { findStaffUser, listStaffUsers, type StaffUserChanges, updateStaffUser } from './staff-repository';

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
  const { version, ...name } = change;
  return updateStaffUser(current, version, name, clock());
}

/** Roles with access to user settings (the seed: Account Admins and User Admins). */
const userSettingsRoles: readonly StaffRole[] = ['account_admin', 'user_admin'];

/** The caller, if they may manage users; else 403 USER_SETTINGS_DENIED. */
export async function requireUserSettings(caller: StaffCaller): Promise<StaffUser> {
  const actor = await readMe(caller);
  if (!userSettingsRoles.includes(actor.role)) {
    throw new ForbiddenError('Managing users needs user settings access', 'USER_SETTINGS_DENIED');
  }
  return actor;
}

/**
 * Only an Account Admin may make someone an Account Admin or change anything about one: a User
 * Admin manages users but must not raise anyone (themselves included) to, or act on, a role
 * above their own.
 */
export function assertMayManage(actor: StaffUser, from: StaffRole | undefined, to: StaffRole | undefined): void {
  if (actor.role === 'account_admin') return;
  if (from === 'account_admin' || to === 'account_admin') {
    throw new ForbiddenError('Only an Account Admin can grant, change or remove an Account Admin', 'ROLE_GRANT_DENIED');
  }
}

/** A staff user of the caller's account, or 404. */
export async function requireStaffUser(caller: StaffCaller, userId: string): Promise<StaffUser> {
  const user = await findStaffUser(caller.accountId, userId);
  if (!user) throw new NotFoundError('No such staff user in this account');
  return user;
}

/** A page of the account's staff users; any active staff user may list them (to pick owners). */
export async function listUsers(caller: StaffCaller, page: { limit?: number; cursor?: string }) {
  await readMe(caller);
  return listStaffUsers(caller.accountId, { limit: page.limit ?? 50, ...(page.cursor ? { cursor: page.cursor } : {}) });
}

/** One staff user of the caller's account. */
export async function getUser(caller: StaffCaller, userId: string): Promise<StaffUser> {
  await readMe(caller);
  return requireStaffUser(caller, userId);
}

/** Changes a staff user's name, role or departments, keeping at least one active Account Admin. */
export async function updateUser(
  caller: StaffCaller,
  userId: string,
  change: { version: number } & Omit<StaffUserChanges, 'status'>,
  clock: Clock = systemClock,
): Promise<StaffUser> {
  const actor = await requireUserSettings(caller);
  const target = await requireStaffUser(caller, userId);
  const { version, ...changes } = change;
  assertMayManage(actor, target.role, changes.role);
  return updateStaffUser(target, version, changes, clock());
}
