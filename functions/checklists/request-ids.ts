import { createHash, randomUUID } from 'node:crypto';

/**
 * The id of what a write creates: derived from the caller and the request's `requestId` when it
 * has one, so a retry of the same request names the same record (and finds it written), while two
 * callers' request ids can never name the same record; a random one otherwise.
 */
export function createdId(externalUserId: string, requestId: string | undefined): string {
  if (requestId === undefined) return randomUUID();
  return createHash('sha256').update(`${externalUserId}\n${requestId}`).digest('base64url').slice(0, 26);
}
