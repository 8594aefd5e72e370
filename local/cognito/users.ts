import { type AttributeType, attributeList } from './attributes';
import type { Pool } from './config';
import type { ServerContext } from './context';
import { CognitoError, userNotFound } from './errors';
import type { PoolData, StoredUser } from './state';

/** Cognito's UserType (AdminCreateUser, ListUsers). Dates are epoch seconds, as the JSON protocol sends them. */
export interface UserView {
  Username: string;
  Attributes: AttributeType[];
  UserCreateDate: number;
  UserLastModifiedDate: number;
  Enabled: boolean;
  UserStatus: string;
}

/**
 * Finds a user by what Cognito accepts as `Username`: the username, the email when the pool
 * signs in with email, or the `sub`. Case-insensitive, as Cognito's usernames and emails are.
 */
export function findUser(pool: Pool, data: PoolData, name: string): StoredUser | undefined {
  const key = name.toLowerCase();
  const byUsername = data.users.get(key);
  if (byUsername) return byUsername;
  for (const user of data.users.values()) {
    if (user.sub === name) return user;
    if (pool.signInWithEmail && user.attributes.email?.toLowerCase() === key) return user;
  }
  return undefined;
}

/** The user, or UserNotFoundException. */
export function requireUser(ctx: ServerContext, pool: Pool, name: string): StoredUser {
  const user = findUser(pool, ctx.state.pool(pool.id), name);
  if (!user) throw userNotFound();
  return user;
}

/**
 * In a pool that signs in with email, throws when another user already has `email`:
 * UsernameExistsException for a new user, AliasExistsException for an update of `self`.
 */
export function assertEmailFree(pool: Pool, data: PoolData, email: string, self?: StoredUser): void {
  if (!pool.signInWithEmail) return;
  const key = email.toLowerCase();
  for (const user of data.users.values()) {
    if (user !== self && user.attributes.email?.toLowerCase() === key) {
      throw self
        ? new CognitoError('AliasExistsException', 'An account with the given email already exists.')
        : new CognitoError('UsernameExistsException', 'An account with the given email already exists.');
    }
  }
}

/**
 * Applies attribute updates (already checked against the schema) to a user. A new email in a
 * pool that signs in with email must be free; a changed email is unverified again unless the
 * same update sets `email_verified`, as in Cognito.
 */
export function applyAttributeUpdates(
  ctx: ServerContext,
  pool: Pool,
  user: StoredUser,
  updates: Record<string, string>,
): void {
  const email = updates.email;
  if (email !== undefined && email !== user.attributes.email) {
    assertEmailFree(pool, ctx.state.pool(pool.id), email, user);
    if (updates.email_verified === undefined) updates.email_verified = 'false';
  }
  Object.assign(user.attributes, updates);
  user.modifiedAt = ctx.clock().getTime();
}

/** Revokes every refresh token issued to the user, on every client: the effect of a global sign-out. */
export function revokeRefreshTokens(ctx: ServerContext, poolId: string, sub: string): void {
  for (const token of ctx.state.refreshTokens.values()) {
    if (token.poolId === poolId && token.sub === sub) token.revoked = true;
  }
}

/** The user as Cognito's UserType. */
export function userView(user: StoredUser, attributes: AttributeType[] = attributeList(user)): UserView {
  return {
    Username: user.username,
    Attributes: attributes,
    UserCreateDate: user.createdAt / 1000,
    UserLastModifiedDate: user.modifiedAt / 1000,
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}
