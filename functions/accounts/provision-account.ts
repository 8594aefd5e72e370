import { randomUUID } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { type Clock, systemClock } from '#shared/clock';
import { transactWrite } from '#shared/data/table';
import { requireEnv } from '#shared/env';
import type { StaffUser } from '../staff/staff.contract';
import { newStaffUserWrites } from '../staff/staff-repository';
import { type Account, newAccountWrite } from './account-repository';

const cognito = new CognitoIdentityProviderClient({});
const staffUserPoolId = requireEnv('STAFF_USER_POOL_ID');

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
  const createdUser = await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: staffUserPoolId,
      Username: email,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'given_name', Value: input.admin.givenName },
        { Name: 'family_name', Value: input.admin.familyName },
        { Name: 'custom:accountId', Value: accountId },
      ],
      ...(input.password ? { MessageAction: 'SUPPRESS' } : {}),
    }),
  );
  const sub = createdUser.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
  if (!sub) throw new Error('Cognito created a user without a sub');
  try {
    if (input.password) {
      await cognito.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: staffUserPoolId,
          Username: email,
          Password: input.password,
          Permanent: true,
        }),
      );
    }
    const account: Account = {
      entity: 'Account',
      id: accountId,
      name: input.name,
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
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await transactWrite(
      [newAccountWrite(account), ...newStaffUserWrites(admin)],
      'The account or its admin exists already',
    );
    return { account, admin };
  } catch (error) {
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: staffUserPoolId, Username: email }));
    throw error;
  }
}
