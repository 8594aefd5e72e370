import * as z from 'zod/mini';
import { type AssignableType, keys, termsKeys } from '#shared/data/keys';
import { batchGetItems, parseItem } from '#shared/data/table';
import { accessTargetSchema } from '../links/link-state';
import { termsAcceptanceRecordSchema, termsRecordSchema } from '../terms/terms-repository';

const anyRecord = z.looseObject({ entity: z.string() });
type AnyRecord = z.infer<typeof anyRecord>;
const byEntity = (found: AnyRecord[], entity: string) => found.find((record) => record.entity === entity);
const target = (record: AnyRecord | undefined) => (record ? parseItem(accessTargetSchema, record) : undefined);

/** The terms records of a portal request: the account's current terms and the user's acceptance. */
function termsOf(found: AnyRecord[]) {
  const current = byEntity(found, 'CurrentTerms');
  const accepted = byEntity(found, 'TermsAcceptance');
  return {
    currentTerms: current ? parseItem(termsRecordSchema, current) : undefined,
    accepted: accepted ? parseItem(termsAcceptanceRecordSchema, accepted) : undefined,
  };
}

/**
 * One BatchGetItem: what a portal item request is decided on, the external user, their assignment
 * to the item, the item (its access fields, and the whole record), the current terms and the
 * user's acceptance; each undefined when not stored.
 */
export async function findItemAccess(accountId: string, externalUserId: string, type: AssignableType, itemId: string) {
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
  return {
    assignment: target(byEntity(found, 'Assignment')),
    item: target(item),
    externalUser: target(byEntity(found, 'ExternalUser')),
    record: item as Record<string, unknown> | undefined,
    ...termsOf(found),
  };
}

/**
 * One BatchGetItem: the external user's access fields, the account's current terms and the
 * user's acceptance, for a portal request that names no item; each undefined when not stored.
 */
export async function findUserAccess(accountId: string, externalUserId: string) {
  const found = await batchGetItems(
    [
      keys.externalUser(accountId, externalUserId),
      termsKeys.currentTerms(accountId),
      termsKeys.termsAcceptance(accountId, externalUserId),
    ],
    anyRecord,
  );
  return { externalUser: target(byEntity(found, 'ExternalUser')), ...termsOf(found) };
}
