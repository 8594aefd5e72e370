import { isAwsError } from '#shared/aws-request';
import { cognito } from '#shared/cognito';
import { requireEnv } from '#shared/env';
import { ConflictError } from '#shared/errors';

/**
 * The staff user pool: who can sign in. FieldPass's own records (role, permissions, status) live
 * in DynamoDB and are checked on every request; Cognito only proves identity.
 */
const userPoolId = requireEnv('STAFF_USER_POOL_ID');

export interface NewStaffIdentity {
  email: string;
  givenName: string;
  familyName: string;
  accountId: string;
  /**
   * A permanent password and no invitation (local demo and tests).
   * @default Cognito e-mails a temporary password
   */
  password?: string;
}

/**
 * Creates the Cognito user, carrying the immutable `custom:accountId`, and returns its `sub`
 * (the staff user's id). The pool is shared by all accounts and signs in by e-mail, so an
 * address already used anywhere answers 409 EMAIL_TAKEN.
 */
export async function createStaffIdentity(identity: NewStaffIdentity): Promise<string> {
  let created: Awaited<ReturnType<typeof cognito<'AdminCreateUser'>>>;
  try {
    created = await cognito('AdminCreateUser', {
      UserPoolId: userPoolId,
      Username: identity.email,
      UserAttributes: [
        { Name: 'email', Value: identity.email },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'given_name', Value: identity.givenName },
        { Name: 'family_name', Value: identity.familyName },
        { Name: 'custom:accountId', Value: identity.accountId },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
      ...(identity.password ? { MessageAction: 'SUPPRESS' } : {}),
    });
  } catch (error) {
    if (isAwsError(error, 'UsernameExistsException')) {
      throw new ConflictError('A FieldPass user with this e-mail exists already', { field: 'email' }, 'EMAIL_TAKEN');
    }
    throw error;
  }
  const sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
  if (!sub) throw new Error('Cognito created a user without a sub');
  if (identity.password) {
    await cognito('AdminSetUserPassword', {
      UserPoolId: userPoolId,
      Username: identity.email,
      Password: identity.password,
      Permanent: true,
    });
  }
  return sub;
}

/**
 * Removes a Cognito user: undoing a creation whose DynamoDB half failed, or deleting a staff
 * user. With `missingOk`, a user already gone is success (a retried delete).
 */
export async function deleteStaffIdentity(email: string, options: { missingOk?: boolean } = {}): Promise<void> {
  try {
    await cognito('AdminDeleteUser', { UserPoolId: userPoolId, Username: email });
  } catch (error) {
    if (!(options.missingOk && isAwsError(error, 'UserNotFoundException'))) throw error;
  }
}

/**
 * Stops a user signing in and revokes their refresh tokens (docs/security.md R13). Tokens already
 * issued stay valid until they expire, which is why every request also checks the user's status.
 */
export async function disableStaffIdentity(email: string): Promise<void> {
  await cognito('AdminDisableUser', { UserPoolId: userPoolId, Username: email });
  await cognito('AdminUserGlobalSignOut', { UserPoolId: userPoolId, Username: email });
}

/** Lets a disabled user sign in again. */
export async function enableStaffIdentity(email: string): Promise<void> {
  await cognito('AdminEnableUser', { UserPoolId: userPoolId, Username: email });
}
