import * as z from 'zod/mini';
import { type AssignableType, keys, termsKeys } from '#shared/data/keys';
import { batchGetItems, parseItem } from '#shared/data/table';
import { termsAcceptanceRecordSchema, termsRecordSchema } from '../terms/terms-repository';
import { accessTargetSchema } from './link-state';

const anyRecord = z.looseObject({ entity: z.string() });

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
  const byEntity = (entity: string) => found.find((record) => record.entity === entity);
  const target = (entity: string) => {
    const record = byEntity(entity);
    return record ? parseItem(accessTargetSchema, record) : undefined;
  };
  const current = byEntity('CurrentTerms');
  const accepted = byEntity('TermsAcceptance');
  const record: Record<string, unknown> | undefined = byEntity(type === 'job' ? 'Job' : 'Incident');
  return {
    assignment: target('Assignment'),
    item: target(type === 'job' ? 'Job' : 'Incident'),
    externalUser: target('ExternalUser'),
    record,
    currentTerms: current ? parseItem(termsRecordSchema, current) : undefined,
    accepted: accepted ? parseItem(termsAcceptanceRecordSchema, accepted) : undefined,
  };
}
