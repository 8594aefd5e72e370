import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PoolClient } from '../config';
import { notAuthorized } from '../errors';

/** Cognito's SECRET_HASH: Base64(HMAC-SHA256(client secret, username + client id)). */
export function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret)
    .update(username + clientId)
    .digest('base64');
}

/**
 * For a client with a secret, the sign-in operations need `SECRET_HASH` for `username` (the name
 * the caller signs in with; for a refresh, the user's internal username), or answer as Cognito
 * does. A client without a secret ignores it.
 */
export function requireSecretHash(client: PoolClient, username: string, given: string | undefined): void {
  if (!client.secret) return;
  if (given === undefined || given === '') {
    throw notAuthorized(`Client ${client.id} is configured with secret but SECRET_HASH was not received`);
  }
  const expected = Buffer.from(secretHash(client.secret, username, client.id));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw notAuthorized(`Unable to verify secret hash for client ${client.id}`);
  }
}
