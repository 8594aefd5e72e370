import { randomUUID } from 'node:crypto';
import { type Account, newAccountWrite } from '../../functions/accounts/account-repository';
import { transact } from '../../functions/shared/data/table';
import type { StaffCaller } from '../../functions/shared/http';
import type { ModulePermissions } from '../../functions/staff/permissions/permission-settings';
import type { StaffRole, StaffUser } from '../../functions/staff/staff.contract';
import { newStaffUserWrites } from '../../functions/staff/staff-repository';

/*
 * Accounts and staff users written straight to DynamoDB Local through the product's own data
 * layer, for integration tests that call services directly (no Cognito, no HTTP).
 */

/** The instant fixtures and the tests' clocks use. */
export const now = '2026-11-23T09:00:00.000Z';
export const clock = () => new Date(now);

/** A new account with these department and privacy status ids (named after themselves); answers its id. */
export async function newAccount(
  label: string,
  settings: { departmentIds?: string[]; privacyStatusIds?: string[] } = {},
): Promise<string> {
  const id = `${label}-${randomUUID()}`;
  const entry = (entryId: string) => ({ id: entryId, name: entryId, archived: false });
  const account: Account = {
    entity: 'Account',
    id,
    name: `${label} test`,
    activeAccountAdmins: 1,
    departments: (settings.departmentIds ?? []).map(entry),
    privacyStatuses: (settings.privacyStatusIds ?? []).map(entry),
    incidentSeverityScale: 'levels',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await transact([newAccountWrite(account)], 'exists');
  return id;
}

/** A new active staff user of the account with this role and stored module permissions. */
export async function newUser(
  accountId: string,
  role: StaffRole,
  permissions: ModulePermissions = {},
): Promise<StaffUser> {
  const id = `u-${randomUUID()}`;
  const user: StaffUser = {
    id,
    accountId,
    email: `${id}@example.com`,
    givenName: 'G',
    familyName: id,
    role,
    status: 'active',
    departmentIds: [],
    permissions,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await transact(newStaffUserWrites(user), 'exists');
  return user;
}

/** The caller a verified token of `user` would make. */
export const callerOf = (user: StaffUser): StaffCaller => ({ accountId: user.accountId, userId: user.id, groups: [] });
