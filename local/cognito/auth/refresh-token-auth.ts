import { notAuthorized } from '../errors';
import { hashSecret } from '../tokens';
import { requireParameter } from './parameters';
import { requireSecretHash } from './secret-hash';
import type { AuthFlow } from './types';

/**
 * REFRESH_TOKEN_AUTH (alias REFRESH_TOKEN): new ID and access tokens for a refresh token of this
 * client (with a client secret, SECRET_HASH computed with the user's internal username). They keep the original sign-in's auth_time, origin_jti and event_id — a refresh never
 * makes a sign-in look newer. No new refresh token is returned (no rotation), as in Cognito.
 */
export const refreshTokenAuth: AuthFlow = {
  operations: new Set(['InitiateAuth', 'AdminInitiateAuth']),
  enabledBy: ['ALLOW_REFRESH_TOKEN_AUTH'],
  notEnabledMessage: 'REFRESH_TOKEN_AUTH flow not enabled for this client',
  async start(ctx, parameters) {
    const token = requireParameter(parameters, 'REFRESH_TOKEN');
    const record = ctx.server.state.refreshTokens.get(hashSecret(token));
    if (!record || record.poolId !== ctx.pool.id || record.clientId !== ctx.client.id)
      throw notAuthorized('Invalid Refresh Token');
    if (record.revoked) throw notAuthorized('Refresh Token has been revoked');
    if (record.expiresAt <= ctx.server.clock().getTime()) throw notAuthorized('Refresh Token has expired');
    const user = [...ctx.server.state.pool(ctx.pool.id).users.values()].find(
      (candidate) => candidate.sub === record.sub,
    );
    if (!user) throw notAuthorized('Invalid Refresh Token');
    requireSecretHash(ctx.client, user.username, parameters.SECRET_HASH);
    if (!user.enabled) throw notAuthorized('User is disabled.');
    return { kind: 'refreshed', user, refreshToken: record };
  },
};
