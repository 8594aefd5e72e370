import { type Clock, systemClock } from '#shared/clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { findAccount } from '../accounts/account-repository';
import { effectivePermissions } from './permissions/effective-permissions';
import { normaliseModulePermissions } from './permissions/normalise-permissions';
import type { ModulePermissions } from './permissions/permission-settings';
import { settingsAccess } from './permissions/roles';
import type { StaffRole, StaffUser } from './staff.contract';
import {
  findStaffCaller,
  findStaffUser,
  listStaffUsers,
  type StaffCallerRecord,
  type StaffUserChanges,
  searchStaffUsers,
  updateStaffUser,
} from './staff-repository';

/** The caller's own staff record, always read from the account their token names. */
export async function readMe(caller: StaffCaller): Promise<StaffUser> {
  const user = await findStaffUser(caller.accountId, caller.userId);
  if (user?.status !== 'active') {
    throw new ForbiddenError('Your FieldPass user is not active in this account', 'USER_INACTIVE');
  }
  return user;
}

/**
 * The caller's role and module permissions, for a permission decision: the same GetItem and the
 * same 403 USER_INACTIVE as `readMe`, parsing only what a decision reads (`findStaffCaller`).
 */
export async function readMyPermissions(caller: StaffCaller): Promise<StaffCallerRecord> {
  const user = await findStaffCaller(caller.accountId, caller.userId);
  if (user?.status !== 'active') {
    throw new ForbiddenError('Your FieldPass user is not active in this account', 'USER_INACTIVE');
  }
  return user;
}

/** The caller with what they may do, for the web client to render (GET /me). */
export async function readMeWithPermissions(caller: StaffCaller) {
  const me = await readMe(caller);
  return { ...me, effectivePermissions: effectivePermissions(me.role, me.permissions) };
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

/** The caller, if their role has user settings access; else 403 USER_SETTINGS_DENIED. */
export async function requireUserSettings(caller: StaffCaller): Promise<StaffUser> {
  const actor = await readMe(caller);
  if (!settingsAccess(actor.role).users) {
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

/**
 * The module permissions to store for a user of `role`: what the admin sent (the whole set), or
 * the user's current ones when only the role changes. A setting the role includes, or that
 * another setting fixes, answers 400 PERMISSION_NOT_SETTABLE naming it.
 */
export function permissionsFor(role: StaffRole, sent: ModulePermissions | undefined, current: ModulePermissions = {}) {
  const result = normaliseModulePermissions(role, sent ?? current);
  if (result.ok) return result.permissions;
  throw new ValidationError(
    sent
      ? 'Some permissions cannot be set for this role'
      : "The user's permissions do not fit the new role: send the permissions for it",
    result.violations.map((v) => ({ ...v, path: `body.permissions.${v.path}` })),
    'PERMISSION_NOT_SETTABLE',
  );
}

/**
 * Departments and privacy statuses a user is given must exist in their account: 400 naming the
 * unknown id otherwise. Reads the account (one GetItem) only when there is something to check.
 */
export async function assertAccountReferences(
  accountId: string,
  refs: { departmentIds?: string[] | undefined; permissions?: ModulePermissions | undefined },
): Promise<void> {
  const statusGrants = [
    ['control', refs.permissions?.control?.confidential],
    ['jobs', refs.permissions?.jobs?.confidential],
  ] as const;
  const wanted = refs.departmentIds?.length || statusGrants.some(([, ids]) => Array.isArray(ids) && ids.length);
  if (!wanted) return;
  const account = await findAccount(accountId);
  const departments = new Set(account?.departments.map((d) => d.id));
  const statuses = new Set(account?.privacyStatuses.map((p) => p.id));
  const issues = [
    ...(refs.departmentIds ?? []).flatMap((id, i) =>
      departments.has(id)
        ? []
        : [{ path: `body.departmentIds.${i}`, code: 'unknown_department', message: `no department ${id}` }],
    ),
    ...statusGrants.flatMap(([module, ids]) =>
      (Array.isArray(ids) ? ids : []).flatMap((id, i) =>
        statuses.has(id)
          ? []
          : [
              {
                path: `body.permissions.${module}.confidential.${i}`,
                code: 'unknown_privacy_status',
                message: `no privacy status ${id}`,
              },
            ],
      ),
    ),
  ];
  if (issues.length)
    throw new ValidationError('Some departments or privacy statuses do not exist in this account', issues);
}

/** 409 USER_DELETED for a deleted staff user: their record is kept for history, never changed. */
export function assertNotDeleted(user: StaffUser): void {
  if (user.status === 'deleted') throw new ConflictError('This staff user was deleted', undefined, 'USER_DELETED');
}

/** A staff user of the caller's account, or 404. */
export async function requireStaffUser(caller: StaffCaller, userId: string): Promise<StaffUser> {
  const user = await findStaffUser(caller.accountId, userId);
  if (!user) throw new NotFoundError('No such staff user in this account');
  return user;
}

/**
 * A page of the account's staff users (STF-2), or with `q` of those whose name or e-mail address
 * starts with it (STF-8), of one status with `status`; any active staff user may list them (to
 * pick owners).
 */
export async function listUsers(
  caller: StaffCaller,
  query: { limit?: number; cursor?: string; q?: string; status?: StaffUser['status'] },
) {
  await readMe(caller);
  const page = { limit: query.limit ?? 50, ...(query.cursor ? { cursor: query.cursor } : {}) };
  return query.q !== undefined
    ? searchStaffUsers(caller.accountId, query.q, page, query.status)
    : listStaffUsers(caller.accountId, page, query.status);
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
  assertNotDeleted(target);
  assertMayManage(actor, target.role, changes.role);
  const role = changes.role ?? target.role;
  if (changes.role !== undefined || changes.permissions !== undefined) {
    changes.permissions = permissionsFor(role, changes.permissions, target.permissions);
  }
  await assertAccountReferences(caller.accountId, changes);
  return updateStaffUser(target, version, changes, clock());
}
