import * as z from 'zod/mini';
import { type AssignableType, keys, termsKeys } from '#shared/data/keys';
import { batchGetItems, parseItem } from '#shared/data/table';
import { ForbiddenError } from '#shared/errors';
import type { PortalCaller } from '#shared/http';
import { accessRevoked } from '../external-users/external-user-access';
import {
  type TermsAcceptanceRecord,
  type TermsRecord,
  termsAcceptanceRecordSchema,
  termsOf,
  termsRecordSchema,
} from '../terms/terms-repository';
import type { LinkState } from './link.contract';
import { accessTargetSchema, decideAccess } from './link-state';

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

const anyRecord = z.looseObject({ entity: z.string() });
type AnyRecord = z.infer<typeof anyRecord>;
const byEntity = (found: AnyRecord[], entity: string) => found.find((record) => record.entity === entity);

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
  const { accountId, externalUserId } = caller;
  const found = await batchGetItems(
    [
      keys.externalUser(accountId, externalUserId),
      keys.assignment(type, accountId, itemId, externalUserId),
      keys.workItem(type, accountId, itemId),
      termsKeys.currentTerms(accountId),
      termsKeys.termsAcceptance(accountId, externalUserId),
    ],
    anyRecord,
  );
  const item = byEntity(found, type === 'job' ? 'Job' : 'Incident');
  const pick = (record: AnyRecord | undefined) => (record ? parseItem(accessTargetSchema, record) : undefined);
  const access = decideAccess(
    type,
    {
      assignment: pick(byEntity(found, 'Assignment')),
      item: pick(item),
      externalUser: pick(byEntity(found, 'ExternalUser')),
    },
    now,
  );
  if (access.state === 'revoked' || !item) throw accessRevoked(caller, 'assignment, user or item no longer active');
  const current = byEntity(found, 'CurrentTerms');
  const accepted = byEntity(found, 'TermsAcceptance');
  const currentTerms = current ? parseItem(termsRecordSchema, current) : undefined;
  if (!termsAccepted(currentTerms, accepted ? parseItem(termsAcceptanceRecordSchema, accepted) : undefined)) {
    throw termsNotAccepted(currentTerms as TermsRecord);
  }
  return { access, item };
}
