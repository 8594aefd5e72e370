import * as z from 'zod/mini';
import { type AssignableType, keys } from '#shared/data/keys';
import { batchGetItems, maxBatchGetKeys } from '#shared/data/table';
import { type Actor, decideOn } from './work-item-access';

/** A job or incident, by type and id. */
export interface ItemRef {
  type: AssignableType;
  id: string;
}

const facts = z.object({
  entity: z.string(),
  id: z.string(),
  itemType: z.optional(z.string()),
  ownerIds: z.array(z.string()),
  departmentId: z.optional(z.string()),
  privacyStatusId: z.optional(z.string()),
});

/** What decides who may see a job or incident, from its record or its tombstone. */
export type ItemFacts = z.infer<typeof facts>;

const typeOf = (record: z.infer<typeof facts>): string | undefined =>
  record.entity === 'Job' ? 'job' : record.entity === 'Incident' ? 'incident' : record.itemType;

/** The access facts of the items: one BatchGetItem per 50 items (each record and tombstone), in parallel. */
export async function readItemFacts(accountId: string, refs: readonly ItemRef[]): Promise<ItemFacts[]> {
  const unique = [...new Map(refs.map((ref) => [refKey(ref), ref])).values()];
  const itemKeys = unique.flatMap((ref) => [
    keys.workItem(ref.type, accountId, ref.id),
    keys.deletedWorkItem(ref.type, accountId, ref.id),
  ]);
  const chunks: (typeof itemKeys)[] = [];
  for (let i = 0; i < itemKeys.length; i += maxBatchGetKeys) chunks.push(itemKeys.slice(i, i + maxBatchGetKeys));
  return (
    await Promise.all(
      chunks.map((chunk) =>
        batchGetItems(chunk, facts, ['entity', 'id', 'itemType', 'ownerIds', 'departmentId', 'privacyStatusId']),
      ),
    )
  ).flat();
}

/**
 * Which items the actor may see, by the same rule as the items themselves (owners, departments,
 * privacy statuses): an existing item by its record, a deleted one by the tombstone it left, an
 * unknown one never. Answers the `refKey`s of those visible.
 */
export function visibleAmong(actor: Actor, found: readonly ItemFacts[]): Set<string> {
  const visible = new Set<string>();
  for (const record of found) {
    const type = typeOf(record);
    if (type !== 'job' && type !== 'incident') continue;
    if (decideOn(actor, type, 'see', record).allowed) visible.add(refKey({ type, id: record.id }));
  }
  return visible;
}

/** {@link readItemFacts} then {@link visibleAmong}. */
export const visibleItems = async (actor: Actor, refs: readonly ItemRef[]): Promise<Set<string>> =>
  visibleAmong(actor, await readItemFacts(actor.accountId, refs));

/** The key `visibleItems` answers an item by. */
export const refKey = (ref: ItemRef): string => `${ref.type}/${ref.id}`;
