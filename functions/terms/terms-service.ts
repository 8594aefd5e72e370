import { type Clock, systemClock } from '#shared/clock';
import { ConflictError, ForbiddenError } from '#shared/errors';
import type { PortalCaller, StaffCaller } from '#shared/http';
import { accessRevoked, hasAccess } from '../external-users/external-user-access';
import { isAdminRole } from '../staff/permissions/roles';
import { readMe } from '../staff/staff-service';
import type { ListTermsQuery, PublishTermsBody, Terms } from './terms.contract';
import {
  findAcceptanceContext,
  findCurrentTerms,
  insertTermsAcceptance,
  listTermsPage,
  publishTermsVersion,
  termsOf,
} from './terms-repository';

/** The caller's staff record, if their role publishes terms (the admin roles); else 403 TERMS_DENIED. */
async function requireTermsAdmin(caller: StaffCaller) {
  const actor = await readMe(caller);
  if (!isAdminRole(actor.role)) throw new ForbiddenError('Publishing terms needs an admin role', 'TERMS_DENIED');
  return actor;
}

/** A page of the account's terms, newest first (any active staff user may read them). */
export async function listTerms(caller: StaffCaller, query: ListTermsQuery) {
  await readMe(caller);
  const page = await listTermsPage(caller.accountId, {
    limit: query.limit ?? 20,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  return { items: page.items.map(termsOf), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

const staleTerms = (current: Terms | undefined) =>
  new ConflictError(
    'The terms were published by someone else meanwhile: read them and publish again',
    { current: current ?? null },
    'TERMS_VERSION_CONFLICT',
  );

/**
 * Publishes the next version: the old ones stay, and every external user must accept the new one
 * before their items show again. One GetItem, then one transaction; a concurrent publication (or
 * a stale `currentVersion`) answers 409 with the current terms and publishes nothing.
 */
export async function publishTerms(caller: StaffCaller, body: PublishTermsBody, clock: Clock = systemClock) {
  const actor = await requireTermsAdmin(caller);
  const current = await findCurrentTerms(caller.accountId);
  if (body.currentVersion !== undefined && body.currentVersion !== (current?.termsVersion ?? 0)) {
    throw staleTerms(current && termsOf(current));
  }
  return publishTermsVersion(caller.accountId, current, body.text, actor.id, clock(), staleTerms);
}

/** Where an acceptance came from (R17): the client's address and user agent, as the gateway saw them. */
export interface AcceptanceOrigin {
  ip: string;
  userAgent: string;
}

/**
 * The external user accepts the current terms. Only the current version can be accepted (409
 * TERMS_VERSION_OUTDATED with the current one otherwise); accepting it again changes nothing.
 */
export async function acceptTerms(
  caller: PortalCaller,
  version: number,
  origin: AcceptanceOrigin,
  clock: Clock = systemClock,
) {
  const now = clock();
  const { user, currentTerms, accepted } = await findAcceptanceContext(caller.accountId, caller.externalUserId);
  if (!user || !hasAccess(user, now)) throw accessRevoked(caller, 'external user no longer active');
  if (!currentTerms || currentTerms.termsVersion !== version) {
    throw new ConflictError(
      currentTerms ? `Version ${version} is not the current terms` : 'There are no terms to accept',
      { current: currentTerms ? termsOf(currentTerms) : null },
      'TERMS_VERSION_OUTDATED',
    );
  }
  if (accepted?.termsVersion === version) return { version, acceptedAt: accepted.acceptedAt };
  const acceptedAt = now.toISOString();
  await insertTermsAcceptance(
    {
      accountId: caller.accountId,
      externalUserId: caller.externalUserId,
      termsVersion: version,
      acceptedAt,
      ip: origin.ip,
      userAgent: origin.userAgent.slice(0, 512),
    },
    accepted,
  );
  return { version, acceptedAt };
}
