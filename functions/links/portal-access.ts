import type { AssignableType } from '#shared/data/keys';
import { ForbiddenError } from '#shared/errors';
import type { PortalCaller } from '#shared/http';
import { accessRevoked } from '../external-users/external-user-access';
import { type TermsAcceptanceRecord, type TermsRecord, termsOf } from '../terms/terms-repository';
import type { LinkState } from './link.contract';
import { decideAccess } from './link-state';
import { findItemAccess } from './portal-access-repository';

/** 403 TERMS_NOT_ACCEPTED, with the terms to show and accept. */
function termsNotAccepted(terms: TermsRecord): ForbiddenError {
  return new ForbiddenError('Accept the Terms & Conditions to continue', 'TERMS_NOT_ACCEPTED', {
    terms: termsOf(terms),
  });
}

/** Whether the external user has accepted the account's current terms (no terms: nothing to accept). */
function termsAccepted(current: TermsRecord | undefined, accepted: TermsAcceptanceRecord | undefined): boolean {
  return current === undefined || accepted?.termsVersion === current.termsVersion;
}

/** An item the external user may see now, with its access state and the whole item record. */
export interface OpenedItem {
  access: LinkState;
  item: Record<string, unknown>;
}

/**
 * The server-side check of every portal item request (R12, R16): one BatchGetItem of the external
 * user, their assignment to the item, the item, the current terms and the user's acceptance. An
 * item they are not (or no longer) assigned to, a disabled, promoted or auto-disabled user, and an
 * archived or cancelled item answer 403 ACCESS_REVOKED; current terms not yet accepted 403
 * TERMS_NOT_ACCEPTED. Another job's id is simply an item without this user's assignment.
 */
export async function openPortalItem(
  caller: PortalCaller,
  type: AssignableType,
  itemId: string,
  now: Date,
): Promise<OpenedItem> {
  const found = await findItemAccess(caller.accountId, caller.externalUserId, type, itemId);
  const { assignment, item, externalUser, record, currentTerms, accepted } = found;
  const access = decideAccess(type, { assignment, item, externalUser }, now);
  if (access.state === 'revoked' || !record) throw accessRevoked(caller, 'assignment, user or item no longer active');
  if (!termsAccepted(currentTerms, accepted)) throw termsNotAccepted(currentTerms as TermsRecord);
  return { access, item: record };
}
