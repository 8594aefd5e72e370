import * as z from 'zod/mini';
import { type AssignableType, workItem, workItemList, workItemRow } from '#shared/data/keys';
import { getItem, presentAnd, queryEachPage, type Step, tryTransact, updateFields } from '#shared/data/table';
import { lazySchema } from '#shared/lazy-schema';
import { rowFilters } from './list-rows';

// The data access of the owner-name refresh after a staff user's rename: only the fields it needs
// of a job or incident and its list rows, so the stream consumer carries no item contract.

/** What the refresh reads of a job or incident (its list rows carry the same fields). */
const ownedSchema = /* @__PURE__ */ lazySchema(() =>
  z.object({
    id: z.string(),
    ownerIds: z.array(z.string()),
    ownerNames: z.optional(z.array(z.string())),
    departmentId: z.optional(z.string()),
    externalUsers: z.optional(z.array(z.string())),
    version: z.number(),
  }),
);
export type OwnedItem = z.infer<typeof ownedSchema>;

/**
 * The items of `type` that `ownerId` owns, current or archived, page by page (WRK-5: one Query of
 * 100 items a page), each page handed to `each` before the next is read.
 */
export function eachOwnedItemsPage(
  type: AssignableType,
  accountId: string,
  ownerId: string,
  archived: boolean,
  each: (items: OwnedItem[]) => Promise<void>,
): Promise<void> {
  return queryEachPage(
    workItemList(type, accountId, { filter: { ownerId } }, { archived }),
    ownedSchema,
    { limit: 100 },
    each,
  );
}

/** One GetItem: the item as stored, or undefined. */
export const findOwnedItem = (type: AssignableType, accountId: string, id: string) =>
  getItem(workItem(type, accountId, id), ownedSchema);

/**
 * One TransactWriteItems: `ownerNames` on the item, while it is still at `item.version` (counted
 * on, so a change read before this one is refused rather than writing the old names back), and on
 * each of its list rows (at the same version). Answers false when the item changed or went meanwhile.
 */
export async function writeOwnerNames(
  type: AssignableType,
  accountId: string,
  item: OwnedItem,
  ownerNames: readonly string[],
): Promise<boolean> {
  const version = item.version + 1;
  // The item and its rows (which carry its version) while they are as read.
  const atVersion = presentAnd({
    expression: '#v = :read',
    names: { '#v': 'version' },
    values: { ':read': item.version },
  });
  const steps: Step[] = [
    {
      name: 'item',
      write: updateFields(workItem(type, accountId, item.id), {
        set: { ownerNames, version },
        condition: atVersion,
      }),
    },
    ...rowFilters(item).map(
      (filter): Step => ({
        name: 'listRow',
        write: updateFields(workItemRow(type, accountId, item.id, filter), {
          set: { ownerNames, version },
          condition: atVersion,
        }),
      }),
    ),
  ];
  return (await tryTransact(steps)) === undefined;
}
