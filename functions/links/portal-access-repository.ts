import * as z from 'zod/mini';
import { type AssignableType, currentTerms as currentTermsKey, itemAccess, workItem } from '#shared/data/keys';
import { batchGetItems, parseItem } from '#shared/data/table';
import { lazySchema } from '#shared/lazy-schema';
import { type ItemAccess, storedAccess } from '../external-users/item-access-repository';
import { type TermsRecord, termsRecordSchema } from '../terms/terms-repository';
import { accessTargetSchema } from './link-state';

const anyRecord = lazySchema(() => z.looseObject({ entity: z.string() }));

/**
 * One BatchGetItem: what a portal item request is decided on, the external user's access record
 * for the item (a copy of the assignment's and the user's state and of the terms version they
 * accepted), the item (its access fields, and the whole record) and the account's current terms;
 * each undefined when not stored.
 */
export async function findItemAccess(
  accountId: string,
  externalUserId: string,
  type: AssignableType,
  itemId: string,
): Promise<{
  access?: ItemAccess | undefined;
  item?: z.infer<typeof accessTargetSchema> | undefined;
  record?: Record<string, unknown> | undefined;
  currentTerms?: TermsRecord | undefined;
}> {
  const found = await batchGetItems(
    [
      itemAccess(type, accountId, itemId, externalUserId),
      workItem(type, accountId, itemId),
      currentTermsKey(accountId),
    ],
    anyRecord,
  );
  const byEntity = (entity: string) => found.find((record) => record.entity === entity);
  const access = byEntity('ItemAccess');
  const record: Record<string, unknown> | undefined = byEntity(type === 'job' ? 'Job' : 'Incident');
  const current = byEntity('CurrentTerms');
  return {
    access: access ? storedAccess(access) : undefined,
    item: record ? parseItem(accessTargetSchema, record) : undefined,
    record,
    currentTerms: current ? parseItem(termsRecordSchema, current) : undefined,
  };
}
