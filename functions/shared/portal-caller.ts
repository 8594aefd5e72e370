import { systemClock } from './clock';
import type { RouteContract } from './contract';
import { ForbiddenError, UnauthorizedError } from './errors';
import type { HttpEvent, PortalCaller } from './http';
import { impersonationMinutes, portalVerificationHours } from './portal-verification';

/**
 * The verified external user. The authorizer checked the token; this refuses one that names no
 * account or user, and one whose verification is over: 24 hours after `auth_time`, which a
 * refresh keeps, so nothing can stretch it (R14). Then 401 VERIFICATION_EXPIRED: ask for a code.
 */
export function portalCallerFrom(event: HttpEvent, now: Date): PortalCaller {
  const claims = event.requestContext.authorizer?.jwt?.claims ?? {};
  const accountId = claims['custom:accountId'];
  const externalUserId = claims['cognito:username'] ?? claims.username;
  const authTime = Number(claims.auth_time);
  if (
    typeof accountId !== 'string' ||
    accountId === '' ||
    typeof externalUserId !== 'string' ||
    externalUserId === '' ||
    !Number.isFinite(authTime)
  ) {
    throw new UnauthorizedError('The token does not identify an external user');
  }
  const verifiedAt = new Date(authTime * 1000);
  // A token of another client than the portal's (or any, when unconfigured: fail closed) is an
  // impersonation (decision 0006), over 30 minutes after its start whatever `exp` says.
  if (claims.aud !== process.env.PORTAL_USER_POOL_CLIENT_ID) {
    const sessionId = claims.origin_jti;
    if (
      typeof sessionId !== 'string' ||
      !sessionId ||
      now.getTime() - verifiedAt.getTime() > impersonationMinutes * 60_000
    ) {
      throw new UnauthorizedError('This impersonation has ended', 'IMPERSONATION_ENDED');
    }
    return { accountId, externalUserId, verifiedAt, impersonation: { sessionId, staffUserId: '' } };
  }
  if (now.getTime() - verifiedAt.getTime() > portalVerificationHours * 3600_000) {
    throw new UnauthorizedError(
      'This browser was verified more than 24 hours ago: ask for a new code',
      'VERIFICATION_EXPIRED',
    );
  }
  return { accountId, externalUserId, verifiedAt };
}

/**
 * How every portal route reads its caller: `httpHandler(contract, run, { portal: portalCaller })`
 * (the HTTP pipeline refuses to make a portal route's handler without it). Only the portal routes
 * can be called with a portal token (their authorizer is the portal pool's; a staff route's
 * accepts only the staff pool's tokens), so only their bundles hold these checks.
 *
 * An impersonation (decision 0006) reads and never writes, whatever the route: 403
 * IMPERSONATION_READ_ONLY on any method but GET and HEAD, unless the contract allows it (stopping
 * the impersonation); and it reads only through a route given the sessions store
 * (`sessionsChecked`), which checks the session and notes each page: 403
 * IMPERSONATION_NOT_SUPPORTED on any other.
 */
export function portalCaller(contract: RouteContract, event: HttpEvent, sessionsChecked: boolean): PortalCaller {
  const caller = portalCallerFrom(event, systemClock());
  if (caller.impersonation) {
    if (!/^(GET|HEAD)$/.test(contract.method) && !contract.allowedWhileImpersonating) {
      throw new ForbiddenError('Viewing as an external user is read-only', 'IMPERSONATION_READ_ONLY');
    }
    if (!sessionsChecked) throw new ForbiddenError('Not while impersonating', 'IMPERSONATION_NOT_SUPPORTED');
  }
  return caller;
}
