import type { AssignableType } from '#shared/data/keys';
import { ForbiddenError } from '#shared/errors';
import type { PortalCaller } from '#shared/http';
import { accessRevoked } from '../external-users/external-user-access';
import {
  findAcceptedTermsOf,
  type ItemAccess,
  isComplete,
  raiseAccessFact,
  rebuildAccessRecord,
} from '../external-users/item-access-repository';
import { type TermsRecord, termsOf } from '../terms/terms-repository';
import type { LinkState } from './link.contract';
import { type AccessTarget, decideAccess } from './link-state';
import { findItemAccess } from './portal-access-repository';

/** 403 TERMS_NOT_ACCEPTED, with the terms to show and accept. */
function termsNotAccepted(terms: TermsRecord): ForbiddenError {
  return new ForbiddenError('Accept the Terms & Conditions to continue', 'TERMS_NOT_ACCEPTED', {
    terms: termsOf(terms),
  });
}

/**
 * What a complete access record gives access to now (pure): its copy of the assignment's and the
 * external user's state, with the item as read (`item`) or, when none is passed, its copy of the
 * item's state. See `decideAccess`.
 */
export function decideOnCopy(
  type: AssignableType,
  copy: ItemAccess,
  item: AccessTarget | undefined | 'copied',
  now: Date,
): LinkState {
  return decideAccess(
    type,
    {
      assignment: { entity: 'Assignment', status: copy.assignmentStatus },
      externalUser: { entity: 'ExternalUser', status: copy.userStatus ?? '', autoDisableAt: copy.autoDisableAt },
      item:
        item === 'copied'
          ? { entity: 'Item', archived: copy.itemArchived, status: copy.itemStatus, dueAt: copy.dueAt }
          : item,
    },
    now,
  );
}

/** An item the external user may see now, with its access state and the whole item record. */
export interface OpenedItem {
  access: LinkState;
  item: Record<string, unknown>;
  /** The access record had to be made whole from its sources first (it was missing or partial). */
  rebuilt: boolean;
}

/**
 * The server-side check of every portal item request (R12, R16): one BatchGetItem of the external
 * user's access record for the item, the item and the current terms. An item they are not (or no
 * longer) assigned to, a disabled, promoted or auto-disabled user, and an archived or cancelled
 * item answer 403 ACCESS_REVOKED; current terms not yet accepted 403 TERMS_NOT_ACCEPTED. Another
 * job's id is simply an item without this user's access record. Only on the paths that need it:
 * a missing or partial record is rebuilt from its sources (`rebuildAccessRecord`), and a copied
 * terms version behind the current one is checked against the user's acceptance (one GetItem) and
 * raised when they did accept.
 */
export async function openPortalItem(
  caller: PortalCaller,
  type: AssignableType,
  itemId: string,
  now: Date,
): Promise<OpenedItem> {
  const found = await findItemAccess(caller.accountId, caller.externalUserId, type, itemId);
  const { item, record, currentTerms } = found;
  const place = { type, accountId: caller.accountId, itemId, externalUserId: caller.externalUserId };
  let copy = found.access;
  const rebuilt = !isComplete(copy) && record !== undefined;
  if (rebuilt) copy = await rebuildAccessRecord(place, copy);
  if (!isComplete(copy) || !record) throw accessRevoked(caller, 'no assignment or item');
  const access = decideOnCopy(type, copy, item, now);
  if (access.state === 'revoked') throw accessRevoked(caller, 'assignment, user or item no longer active');
  if (currentTerms && copy.termsVersion !== currentTerms.termsVersion) {
    // The copy can only lag behind an acceptance (terms versions only grow): ask the source.
    const accepted = await findAcceptedTermsOf(caller.accountId, caller.externalUserId);
    if (accepted !== currentTerms.termsVersion) throw termsNotAccepted(currentTerms);
    await raiseAccessFact(place, 'termsVersion', accepted);
  }
  return { access, item: record, rebuilt };
}
