import { randomBytes, randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import { ConflictError, ForbiddenError } from '#shared/errors';
import type { PortalCaller, StaffCaller } from '#shared/http';
import { logger } from '#shared/logger';
import { hasAccess } from '../external-users/external-user-access';
import { refusePromoted, requireExternalUser } from '../external-users/external-user-service';
import { grantSecretHash } from '../portal-sign-in/impersonation-challenge';
import { ensurePortalUser } from '../portal-sign-in/portal-directory';
import { settingsAccess } from '../staff/permissions/roles';
import { readMe } from '../staff/staff-service';
import { signInWithGrant } from './impersonation-directory';
import { startSession, stopSession, writeGrant } from './impersonation-repository';

/** How long a grant is accepted: the route redeems it at once, so a minute is plenty. */
const GRANT_VALID_MS = 60_000;

/** The claims of an ID token this route just received from Cognito itself (so not verified again). */
function claimsOf(idToken: string): { origin_jti?: unknown; exp?: unknown; auth_time?: unknown } {
  const payload = idToken.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

/**
 * `POST /external-users/{id}/impersonation` (decision 0006): a User Admin or Account Admin opens a
 * read-only portal session as an external user of their account. A disabled, auto-disabled or
 * promoted external user cannot be impersonated (409): the portal would show them nothing.
 */
export async function startImpersonation(caller: StaffCaller, externalUserId: string, clock: Clock = systemClock) {
  const actor = await readMe(caller);
  if (!settingsAccess(actor.role).users) {
    throw new ForbiddenError(
      'Viewing the portal as an external user needs the User Admin or Account Admin role',
      'IMPERSONATION_DENIED',
    );
  }
  const user = await requireExternalUser(caller.accountId, externalUserId);
  refusePromoted(user);
  const now = clock();
  if (!hasAccess(user, now)) {
    throw new ConflictError(
      'This external user is disabled: the portal shows them nothing, so there is nothing to view as them',
      undefined,
      'EXTERNAL_USER_DISABLED',
    );
  }
  const grantId = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  await Promise.all([
    writeGrant(
      {
        entity: 'ImpersonationGrant',
        accountId: caller.accountId,
        grantId,
        externalUserId,
        staffUserId: caller.userId,
        secretHash: grantSecretHash(secret),
        validUntil: new Date(now.getTime() + GRANT_VALID_MS).toISOString(),
      },
      now,
    ),
    ensurePortalUser(caller.accountId, externalUserId),
  ]);
  const idToken = await signInWithGrant(externalUserId, grantId, secret);
  const claims = claimsOf(idToken);
  const sessionId = String(claims.origin_jti ?? '');
  const endsAt = new Date(Number(claims.exp) * 1000).toISOString();
  await startSession(
    {
      entity: 'ImpersonationSession',
      accountId: caller.accountId,
      sessionId,
      externalUserId,
      staffUserId: caller.userId,
      status: 'active',
      startedAt: new Date(Number(claims.auth_time) * 1000).toISOString(),
      endsAt,
    },
    grantId,
  );
  logger.info('Impersonation started', { externalUserId, staffUserId: caller.userId, sessionId });
  return {
    idToken,
    sessionId,
    expiresAt: endsAt,
    externalUser: { id: user.id, givenName: user.givenName, familyName: user.familyName },
    staffUserId: caller.userId,
  };
}

/** `DELETE /portal/impersonation`: the calling impersonation session stops (409 NOT_IMPERSONATING for an external user's own token). */
export async function stopImpersonation(caller: PortalCaller, clock: Clock = systemClock): Promise<void> {
  if (!caller.impersonation) {
    throw new ConflictError('This is not an impersonation session', undefined, 'NOT_IMPERSONATING');
  }
  await stopSession(caller.accountId, caller.impersonation.sessionId, clock());
  logger.info('Impersonation stopped', {
    externalUserId: caller.externalUserId,
    staffUserId: caller.impersonation.staffUserId,
    sessionId: caller.impersonation.sessionId,
  });
}
