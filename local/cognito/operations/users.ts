import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isEmail, parseAttributeWrites } from '../attributes';
import type { Pool } from '../config';
import { requirePool, type ServerContext } from '../context';
import { CognitoError, invalidParameter, userNotFound } from '../errors';
import { assertPasswordPolicy, generateTemporaryPassword, hashPassword } from '../passwords';
import type { StoredUser } from '../state';
import {
  applyAttributeUpdates,
  assertEmailFree,
  findUser,
  requireUser,
  revokeRefreshTokens,
  type UserView,
  userView,
} from '../users';
import { fields, parseInput } from '../validation';

const userSchema = z.object({ UserPoolId: fields.userPoolId, Username: fields.username });

function poolAndUser(ctx: ServerContext, input: unknown): { pool: Pool; user: StoredUser } {
  const request = parseInput(userSchema, input);
  const pool = requirePool(ctx, request.UserPoolId);
  return { pool, user: requireUser(ctx, pool, request.Username) };
}

async function setTemporaryPassword(ctx: ServerContext, pool: Pool, user: StoredUser, password: string): Promise<void> {
  user.password = await hashPassword(password);
  user.status = 'FORCE_CHANGE_PASSWORD';
  user.temporaryPasswordExpiresAt = ctx.clock().getTime() + pool.temporaryPasswordValiditySeconds * 1000;
}

const createSchema = userSchema.extend({
  UserAttributes: fields.attributes.optional(),
  TemporaryPassword: fields.password.optional(),
  MessageAction: z.enum(['RESEND', 'SUPPRESS']).optional(),
});

/**
 * AdminCreateUser. The user starts in FORCE_CHANGE_PASSWORD with the given or a generated
 * temporary password (valid 7 days). In a pool that signs in with email, `Username` must be an
 * email: it becomes the `email` attribute and the internal username is the new `sub`.
 * Unless MessageAction is SUPPRESS, the invitation (sign-in name and temporary password) goes
 * to the server's `sendInvitation`, as Cognito e-mails it; RESEND issues a new temporary
 * password to a user still in FORCE_CHANGE_PASSWORD and invites again.
 */
export async function adminCreateUser(ctx: ServerContext, input: unknown): Promise<{ User: UserView }> {
  const request = parseInput(createSchema, input);
  const pool = requirePool(ctx, request.UserPoolId);
  const data = ctx.state.pool(pool.id);
  const temporaryPassword = request.TemporaryPassword || generateTemporaryPassword();
  assertPasswordPolicy(temporaryPassword);

  if (request.MessageAction === 'RESEND') {
    const user = findUser(pool, data, request.Username);
    if (!user) throw userNotFound();
    if (user.status !== 'FORCE_CHANGE_PASSWORD') {
      throw new CognitoError(
        'UnsupportedUserStateException',
        `Resend not possible. ${user.username} status is not FORCE_CHANGE_PASSWORD`,
      );
    }
    await setTemporaryPassword(ctx, pool, user, temporaryPassword);
    user.modifiedAt = ctx.clock().getTime();
    await ctx.state.save();
    await invite(ctx, pool, user, temporaryPassword);
    return { User: userView(user) };
  }

  const attributes = parseAttributeWrites(pool, request.UserAttributes ?? [], true);
  const sub = randomUUID();
  let username = request.Username;
  if (pool.signInWithEmail) {
    if (!isEmail(request.Username)) throw invalidParameter('Username should be an email.');
    if (attributes.email !== undefined && attributes.email.toLowerCase() !== request.Username.toLowerCase()) {
      throw invalidParameter('Username and the email attribute must be the same address.');
    }
    attributes.email ??= request.Username;
    username = sub;
  }
  const password = await hashPassword(temporaryPassword);
  // Checked after the only await, so two concurrent creates of one name cannot both pass.
  if (findUser(pool, data, request.Username)) {
    throw new CognitoError(
      'UsernameExistsException',
      pool.signInWithEmail ? 'An account with the given email already exists.' : 'User account already exists',
    );
  }
  if (attributes.email !== undefined) assertEmailFree(pool, data, attributes.email);
  const now = ctx.clock().getTime();
  const user: StoredUser = {
    username,
    sub,
    attributes,
    enabled: true,
    status: 'FORCE_CHANGE_PASSWORD',
    password,
    temporaryPasswordExpiresAt: now + pool.temporaryPasswordValiditySeconds * 1000,
    groups: [],
    createdAt: now,
    modifiedAt: now,
  };
  data.users.set(username.toLowerCase(), user);
  await ctx.state.save();
  if (request.MessageAction !== 'SUPPRESS') await invite(ctx, pool, user, temporaryPassword);
  return { User: userView(user) };
}

async function invite(ctx: ServerContext, pool: Pool, user: StoredUser, temporaryPassword: string): Promise<void> {
  const email = user.attributes.email;
  if (!ctx.sendInvitation || email === undefined) return;
  await ctx.sendInvitation({
    poolId: pool.id,
    email,
    signInName: pool.signInWithEmail ? email : user.username,
    temporaryPassword,
  });
}

/** AdminGetUser. */
export async function adminGetUser(ctx: ServerContext, input: unknown) {
  const { user } = poolAndUser(ctx, input);
  const { Attributes, ...view } = userView(user);
  return { ...view, UserAttributes: Attributes };
}

const setPasswordSchema = userSchema.extend({ Password: fields.password, Permanent: z.boolean().optional() });

/** AdminSetUserPassword: Permanent makes the user CONFIRMED; otherwise it is a new temporary password. */
export async function adminSetUserPassword(ctx: ServerContext, input: unknown): Promise<object> {
  const request = parseInput(setPasswordSchema, input);
  const pool = requirePool(ctx, request.UserPoolId);
  const user = requireUser(ctx, pool, request.Username);
  assertPasswordPolicy(request.Password);
  if (request.Permanent) {
    user.password = await hashPassword(request.Password);
    user.status = 'CONFIRMED';
    delete user.temporaryPasswordExpiresAt;
  } else {
    await setTemporaryPassword(ctx, pool, user, request.Password);
  }
  user.modifiedAt = ctx.clock().getTime();
  await ctx.state.save();
  return {};
}

/**
 * AdminDisableUser: the user can no longer sign in or refresh. Like Cognito, it does not revoke
 * refresh tokens by itself (they work again after AdminEnableUser) and ID/access tokens
 * already issued stay valid until they expire — call AdminUserGlobalSignOut as well.
 */
export async function adminDisableUser(ctx: ServerContext, input: unknown): Promise<object> {
  const { user } = poolAndUser(ctx, input);
  user.enabled = false;
  user.modifiedAt = ctx.clock().getTime();
  await ctx.state.save();
  return {};
}

/** AdminEnableUser. */
export async function adminEnableUser(ctx: ServerContext, input: unknown): Promise<object> {
  const { user } = poolAndUser(ctx, input);
  user.enabled = true;
  user.modifiedAt = ctx.clock().getTime();
  await ctx.state.save();
  return {};
}

/**
 * AdminUserGlobalSignOut: revokes every refresh token of the user. ID and access tokens already
 * issued stay valid until they expire, exactly as in Cognito (it only refuses them for its own
 * token-authorized API calls). Anything that must stop at once has to check server-side.
 */
export async function adminUserGlobalSignOut(ctx: ServerContext, input: unknown): Promise<object> {
  const { pool, user } = poolAndUser(ctx, input);
  revokeRefreshTokens(ctx, pool.id, user.sub);
  await ctx.state.save();
  return {};
}

/** AdminDeleteUser: the user, their group memberships and their refresh tokens are gone. */
export async function adminDeleteUser(ctx: ServerContext, input: unknown): Promise<object> {
  const { pool, user } = poolAndUser(ctx, input);
  ctx.state.pool(pool.id).users.delete(user.username.toLowerCase());
  for (const [hash, token] of ctx.state.refreshTokens) {
    if (token.poolId === pool.id && token.sub === user.sub) ctx.state.refreshTokens.delete(hash);
  }
  await ctx.state.save();
  return {};
}

const updateAttributesSchema = userSchema.extend({
  UserAttributes: fields.attributes,
  ClientMetadata: fields.stringMap.optional(),
});

/** AdminUpdateUserAttributes. Immutable attributes are refused, even ones never set (as in Cognito). */
export async function adminUpdateUserAttributes(ctx: ServerContext, input: unknown): Promise<object> {
  const request = parseInput(updateAttributesSchema, input);
  const pool = requirePool(ctx, request.UserPoolId);
  const user = requireUser(ctx, pool, request.Username);
  applyAttributeUpdates(ctx, pool, user, parseAttributeWrites(pool, request.UserAttributes, false));
  await ctx.state.save();
  return {};
}
