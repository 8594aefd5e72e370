import * as z from 'zod/mini';
import { type AssignableType, deletedWorkItem, workItem } from '#shared/data/keys';
import { batchGetItems, maxBatchGetKeys } from '#shared/data/table';
import { lazySchema } from '#shared/lazy-schema';

const itemFactsSchema = /* @__PURE__ */ lazySchema(() =>
  z.object({
    entity: z.string(),
    id: z.string(),
    itemType: z.optional(z.string()),
    ownerIds: z.array(z.string()),
    departmentId: z.optional(z.string()),
    privacyStatusId: z.optional(z.string()),
  }),
);

/** What decides who may see a job or incident, from its record or its tombstone. */
export type ItemFacts = z.infer<typeof itemFactsSchema>;

/**
 * The access facts of jobs and incidents (each given once), from each one's record and the
 * tombstone a deleted one left: one BatchGetItem per 50 items, in parallel.
 */
export async function findItemFacts(
  accountId: string,
  items: readonly { type: AssignableType; id: string }[],
): Promise<ItemFacts[]> {
  const itemKeys = items.flatMap((ref) => [
    workItem(ref.type, accountId, ref.id),
    deletedWorkItem(ref.type, accountId, ref.id),
  ]);
  const chunks: (typeof itemKeys)[] = [];
  for (let i = 0; i < itemKeys.length; i += maxBatchGetKeys) chunks.push(itemKeys.slice(i, i + maxBatchGetKeys));
  return (
    await Promise.all(
      chunks.map((chunk) =>
        batchGetItems(chunk, itemFactsSchema, [
          'entity',
          'id',
          'itemType',
          'ownerIds',
          'departmentId',
          'privacyStatusId',
        ]),
      ),
    )
  ).flat();
}
