import { inAccount, segment } from './segments';
import type { PrimaryKey } from './table-definition';

/**
 * IMPS-1: a one-time impersonation grant: written by `POST /external-users/{id}/impersonation`, read
 * by the portal pool's VerifyAuthChallengeResponse trigger (the grant's id is its only input),
 * deleted by the route once the session's token is issued, removed by TTL otherwise.
 */
export const impersonationGrant = (accountId: string, grantId: string): PrimaryKey =>
  inAccount(accountId, `IMPGRANT#${segment(grantId)}`);

/**
 * IMPS-2: an impersonation session, by its token's `origin_jti`: which staff user views as which
 * external user, until when, whether stopped, and the last page viewed (the audit trail's entries).
 */
export const impersonationSession = (accountId: string, sessionId: string): PrimaryKey =>
  inAccount(accountId, `IMPERSONATION#${segment(sessionId)}`);
