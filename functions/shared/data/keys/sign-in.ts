import { inAccount, segment } from './segments';
import type { PrimaryKey } from './table-definition';

/**
 * SGN-1, SGN-2: an external user's recent one-time code sends (the rate limit's window), which send
 * is the one outstanding code (docs/security.md R5), and their last sign-in and failure.
 */
export const codeSends = (accountId: string, externalUserId: string): PrimaryKey =>
  inAccount(accountId, `EXTUSER#${segment(externalUserId)}#CODESENDS`);

/**
 * SGN-1: one authorised send of a one-time code: written by the sign-in request, claimed once by
 * the CreateAuthChallenge trigger (whose only input is its id), removed by TTL.
 */
export const codeSendTicket = (accountId: string, sendId: string): PrimaryKey =>
  inAccount(accountId, `CODESEND#${segment(sendId)}`);

/**
 * SGN-3: keys that never hold an item, read in place of an external user's sign-in records when no
 * external user of the account has the address, so an unknown address costs the same two requests
 * as a known one (docs/security.md R10).
 */
export const absentSignInTargets = (): PrimaryKey[] =>
  ['EXTUSER', 'CLIENTACCESS', 'ACCOUNT'].map((sk) => ({ pk: 'SIGNIN#ABSENT', sk }));
