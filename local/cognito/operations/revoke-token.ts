import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { requireClient, type ServerContext } from '../context';
import { CognitoError } from '../errors';
import { hashSecret } from '../tokens';
import { fields, parseInput } from '../validation';

/*
 * RevokeToken, as Cognito answers it for an app client with token revocation on (its default): the
 * refresh token stops working at once (REFRESH_TOKEN_AUTH answers "Refresh Token has been revoked"),
 * and so does nothing else of the user's. A public operation: a browser calls it at sign-out.
 * ID and access tokens already issued stay verifiable until they expire, as with a global sign-out
 * (the API checks the user on every request, not the token's freshness).
 */

const revokeSchema = z.object({
  ClientId: fields.clientId,
  ClientSecret: z.string().min(1).max(64).optional(),
  Token: z.string().min(1).max(8192),
});

const unauthorized = (message: string) => new CognitoError('UnauthorizedException', message);

export async function revokeToken(ctx: ServerContext, input: unknown): Promise<object> {
  const request = parseInput(revokeSchema, input);
  const client = requireClient(ctx, request.ClientId);
  if (client.secret) {
    const given = Buffer.from(request.ClientSecret ?? '');
    const expected = Buffer.from(client.secret);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw unauthorized(`Client ${client.id} is configured with secret but ClientSecret was not received or is wrong`);
    }
  }
  // An ID or access token (a JWT) is not a refresh token: only refresh tokens are revoked.
  if (request.Token.split('.').length === 3) {
    throw new CognitoError('UnsupportedTokenTypeException', 'Only refresh tokens can be revoked.');
  }
  const record = ctx.state.refreshTokens.get(hashSecret(request.Token));
  // As RFC 7009 asks: a token that is unknown, expired or revoked already is nothing to revoke, and
  // the answer is the same, so it tells nothing about the token.
  if (!record || record.revoked) return {};
  // A token issued to another client of the pool cannot be revoked by this one.
  if (record.clientId !== client.id) throw unauthorized('The token was not issued to this client.');
  record.revoked = true;
  await ctx.state.save();
  return {};
}
