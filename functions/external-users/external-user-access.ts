import { ForbiddenError } from '#shared/errors';
import type { PortalCaller } from '#shared/http';
import { logger } from '#shared/logger';

/**
 * Whether the record grants portal access at `now`: active and not past its auto-disable date.
 * Every link and sign-in check asks this, so the date needs no job to take effect.
 */
export function hasAccess(user: { status: string; autoDisableAt?: string | undefined }, now: Date): boolean {
  return (
    user.status === 'active' && (user.autoDisableAt === undefined || now.getTime() < Date.parse(user.autoDisableAt))
  );
}

/** 403 ACCESS_REVOKED: the answer for anything the external user may no longer reach, whatever the token says (R12). */
export function accessRevoked(caller: PortalCaller, reason: string): ForbiddenError {
  logger.warn('Portal access refused', { externalUserId: caller.externalUserId, reason });
  return new ForbiddenError('No longer have access', 'ACCESS_REVOKED');
}
