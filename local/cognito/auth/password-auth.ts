import { CognitoError, incorrectCredentials, notAuthorized, userNotFound } from '../errors';
import { verifyPassword } from '../passwords';
import type { StoredUser } from '../state';
import { findUser } from '../users';
import { newPasswordRequired } from './new-password';
import { requireParameter } from './parameters';
import type { AuthContext, AuthFlow, AuthStep } from './types';

/**
 * Checks USERNAME/PASSWORD. The password is checked before the user's state, so "User is
 * disabled." is only said to someone who knows the password; an unknown user costs one scrypt
 * like a known one, so timing does not tell them apart.
 */
async function signInWithPassword(ctx: AuthContext, parameters: Record<string, string>): Promise<AuthStep> {
  const username = requireParameter(parameters, 'USERNAME');
  const password = requireParameter(parameters, 'PASSWORD');
  const user = findUser(ctx.pool, ctx.server.state.pool(ctx.pool.id), username);
  const matches = await verifyPassword(password, user?.password);
  if (!user) throw ctx.pool.preventUserExistenceErrors ? incorrectCredentials() : userNotFound();
  if (!matches) throw incorrectCredentials();
  return afterPassword(ctx, user);
}

function afterPassword(ctx: AuthContext, user: StoredUser): AuthStep {
  if (!user.enabled) throw notAuthorized('User is disabled.');
  if (user.status === 'RESET_REQUIRED')
    throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    if ((user.temporaryPasswordExpiresAt ?? Number.POSITIVE_INFINITY) <= ctx.server.clock().getTime()) {
      throw notAuthorized('Temporary password has expired and must be reset by an administrator.');
    }
    return newPasswordRequired(user);
  }
  return { kind: 'authenticated', user };
}

/** USER_PASSWORD_AUTH: InitiateAuth with the password in the request (client needs ALLOW_USER_PASSWORD_AUTH). */
export const userPasswordAuth: AuthFlow = {
  operations: new Set(['InitiateAuth']),
  enabledBy: ['ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH'],
  notEnabledMessage: 'USER_PASSWORD_AUTH flow not enabled for this client',
  start: signInWithPassword,
};

/** ADMIN_USER_PASSWORD_AUTH (legacy name ADMIN_NO_SRP_AUTH): the same check from a trusted backend. */
export const adminUserPasswordAuth: AuthFlow = {
  operations: new Set(['AdminInitiateAuth']),
  enabledBy: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'],
  notEnabledMessage: 'Auth flow not enabled for this client',
  start: signInWithPassword,
};
