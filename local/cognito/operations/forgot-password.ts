import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { requireClient, requirePool, type ServerContext } from '../context';
import { CognitoError, userNotFound } from '../errors';
import { assertPasswordPolicy, hashPassword } from '../passwords';
import { findUser, revokeRefreshTokens } from '../users';
import { fields, parseInput } from '../validation';

/*
 * ForgotPassword and ConfirmForgotPassword, as Cognito answers them for a client without a
 * secret: a 6-digit code e-mailed to the user (through the server's `sendCode`), valid one hour,
 * one code per user (a new request replaces it), used up by a successful confirm. Codes are kept in
 * memory only, as SHA-256 hashes: a restart ends them, as it ends challenge sessions.
 */

const CODE_VALIDITY_MS = 60 * 60 * 1000;
const codes = new WeakMap<ServerContext, Map<string, { hash: Buffer; expiresAt: number }>>();
const codesOf = (ctx: ServerContext) => {
  const map = codes.get(ctx) ?? new Map();
  codes.set(ctx, map);
  return map;
};
const sha256 = (text: string) => createHash('sha256').update(text).digest();

const forgotSchema = z.object({ ClientId: fields.clientId, Username: fields.username });

/** `a***@e***` as Cognito masks a delivery address. */
const mask = (email: string) => {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
};

export async function forgotPassword(ctx: ServerContext, input: unknown): Promise<object> {
  const request = parseInput(forgotSchema, input);
  const client = requireClient(ctx, request.ClientId);
  const pool = requirePool(ctx, client.poolId);
  const user = findUser(pool, ctx.state.pool(pool.id), request.Username);
  const email = user?.attributes.email;
  if (!user?.enabled || email === undefined) {
    if (!pool.preventUserExistenceErrors) throw userNotFound();
    // As Cognito: an unknown user gets the same answer, and no code.
    return {
      CodeDeliveryDetails: { Destination: mask(request.Username), DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    };
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  codesOf(ctx).set(`${pool.id}:${user.sub}`, {
    hash: sha256(code),
    expiresAt: ctx.clock().getTime() + CODE_VALIDITY_MS,
  });
  await ctx.sendCode?.({ poolId: pool.id, email, code });
  return { CodeDeliveryDetails: { Destination: mask(email), DeliveryMedium: 'EMAIL', AttributeName: 'email' } };
}

const confirmSchema = forgotSchema.extend({
  ConfirmationCode: z.string().min(1).max(2048),
  Password: fields.password,
});

export async function confirmForgotPassword(ctx: ServerContext, input: unknown): Promise<object> {
  const request = parseInput(confirmSchema, input);
  const client = requireClient(ctx, request.ClientId);
  const pool = requirePool(ctx, client.poolId);
  const user = findUser(pool, ctx.state.pool(pool.id), request.Username);
  const key = user ? `${pool.id}:${user.sub}` : '';
  const stored = codesOf(ctx).get(key);
  if (!user || !stored || stored.expiresAt <= ctx.clock().getTime()) {
    if (!user && !pool.preventUserExistenceErrors) throw userNotFound();
    throw new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
  }
  if (!timingSafeEqual(sha256(request.ConfirmationCode), stored.hash)) {
    throw new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
  }
  assertPasswordPolicy(request.Password);
  codesOf(ctx).delete(key);
  user.password = await hashPassword(request.Password);
  user.status = 'CONFIRMED';
  delete user.temporaryPasswordExpiresAt;
  user.modifiedAt = ctx.clock().getTime();
  // A reset ends every session the old password opened, as Cognito's does.
  revokeRefreshTokens(ctx, pool.id, user.sub);
  await ctx.state.save();
  return {};
}
