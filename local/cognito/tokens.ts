import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { attributeClaims } from './attributes';
import type { PoolClient } from './config';
import type { ServerContext } from './context';
import type { StoredRefreshToken, StoredUser } from './state';

/** The authentication event tokens belong to. A refresh keeps all three, so `auth_time` never moves. */
export interface AuthEvent {
  /** Epoch seconds of the sign-in. */
  authTime: number;
  originJti: string;
  eventId: string;
}

/** Cognito's AuthenticationResultType. */
export interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
  RefreshToken?: string;
}

const nowSeconds = (ctx: ServerContext) => Math.floor(ctx.clock().getTime() / 1000);

/** A new authentication event at the current time. */
export function newAuthEvent(ctx: ServerContext): AuthEvent {
  return { authTime: nowSeconds(ctx), originJti: randomUUID(), eventId: randomUUID() };
}

/** SHA-256 of an opaque secret (refresh token, session), the only form in which it is kept. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** The user's groups that still exist, by precedence (lowest first) then name, as Cognito orders them. */
function groupNames(ctx: ServerContext, poolId: string, user: StoredUser): string[] {
  const groups = ctx.state.pool(poolId).groups;
  return user.groups
    .flatMap((name) => groups.get(name) ?? [])
    .sort(
      (a, b) =>
        (a.precedence ?? Number.MAX_SAFE_INTEGER) - (b.precedence ?? Number.MAX_SAFE_INTEGER) ||
        a.name.localeCompare(b.name),
    )
    .map((group) => group.name);
}

/**
 * Signs an ID and an access token for `user` with Cognito's claim sets. Both carry the event's
 * `auth_time`, `origin_jti` and `event_id`; `iat`/`exp` come from the clock and the client's
 * validities. The ID token reflects the user's attributes and groups as they are now.
 */
export async function issueTokens(
  ctx: ServerContext,
  client: PoolClient,
  user: StoredUser,
  event: AuthEvent,
): Promise<AuthenticationResult> {
  const iat = nowSeconds(ctx);
  const iss = ctx.issuer(client.poolId);
  const groups = groupNames(ctx, client.poolId, user);
  const groupClaim = groups.length > 0 ? { 'cognito:groups': groups } : {};
  const common = { origin_jti: event.originJti, event_id: event.eventId, auth_time: event.authTime, iat };
  const IdToken = await ctx.signer.sign({
    sub: user.sub,
    ...groupClaim,
    ...attributeClaims(user),
    iss,
    'cognito:username': user.username,
    aud: client.id,
    token_use: 'id',
    ...common,
    exp: iat + client.idTokenValiditySeconds,
    jti: randomUUID(),
  });
  const AccessToken = await ctx.signer.sign({
    sub: user.sub,
    ...groupClaim,
    iss,
    client_id: client.id,
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    ...common,
    exp: iat + client.accessTokenValiditySeconds,
    jti: randomUUID(),
    username: user.username,
  });
  return { AccessToken, IdToken, ExpiresIn: client.accessTokenValiditySeconds, TokenType: 'Bearer' };
}

/** Creates and records an opaque refresh token for the event; only its hash is kept. */
export function createRefreshToken(ctx: ServerContext, client: PoolClient, user: StoredUser, event: AuthEvent): string {
  const token = randomBytes(32).toString('base64url');
  const record: StoredRefreshToken = {
    tokenHash: hashSecret(token),
    poolId: client.poolId,
    clientId: client.id,
    sub: user.sub,
    ...event,
    expiresAt: ctx.clock().getTime() + client.refreshTokenValiditySeconds * 1000,
    revoked: false,
  };
  ctx.state.refreshTokens.set(record.tokenHash, record);
  return token;
}
