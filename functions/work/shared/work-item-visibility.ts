import type { AssignableType } from '#shared/data/keys';
import { findItemFacts, type ItemFacts } from './item-facts-repository';
import { type Actor, decideOn } from './work-item-access';

/** A job or incident, by type and id. */
export interface ItemRef {
  type: AssignableType;
  id: string;
}

const typeOf = (record: ItemFacts): string | undefined =>
  record.entity === 'Job' ? 'job' : record.entity === 'Incident' ? 'incident' : record.itemType;

/** The access facts of the items: one BatchGetItem per 50 items (each record and tombstone), in parallel. */
export async function readItemFacts(accountId: string, refs: readonly ItemRef[]): Promise<ItemFacts[]> {
  return findItemFacts(accountId, [...new Map(refs.map((ref) => [refKey(ref), ref])).values()]);
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
