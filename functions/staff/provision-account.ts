import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import type { Account } from '../accounts/account-repository';
import type { StaffUser } from './staff.contract';
import { createStaffIdentity, deleteStaffIdentity } from './staff-directory';
import { insertAccountWithAdmin } from './staff-repository';

export interface ProvisionAccountInput {
  accountId?: string;
  name: string;
  admin: { email: string; givenName: string; familyName: string };
  /**
   * Sets a permanent password and sends no invitation (local demo and tests).
   * @default Cognito e-mails the admin a temporary password
   */
  password?: string;
}

/**
 * Creates a tenant account with its first Account Admin: the Cognito user (carrying the
 * immutable `custom:accountId`), then the account, user and e-mail guard items in one
 * transaction. If the transaction fails the Cognito user is removed again, so nothing is left
 * half-made.
 */
export async function provisionAccount(input: ProvisionAccountInput, clock: Clock = systemClock) {
  const accountId = input.accountId ?? randomUUID();
  const now = clock().toISOString();
  const email = input.admin.email.toLowerCase();
  const sub = await createStaffIdentity({
    email,
    givenName: input.admin.givenName,
    familyName: input.admin.familyName,
    accountId,
    ...(input.password ? { password: input.password } : {}),
  });
  try {
    const account: Account = {
      entity: 'Account',
      id: accountId,
      name: input.name,
      activeAccountAdmins: 1,
      departments: [],
      privacyStatuses: [],
      incidentSeverityScale: 'levels',
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    const admin: StaffUser = {
      id: sub,
      accountId,
      email,
      givenName: input.admin.givenName,
      familyName: input.admin.familyName,
      role: 'account_admin',
      status: 'active',
      departmentIds: [],
      permissions: {},
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await insertAccountWithAdmin(account, admin, 'The account or its admin exists already');
    return { account, admin };
  } catch (error) {
    await deleteStaffIdentity(email);
    throw error;
  }
}
