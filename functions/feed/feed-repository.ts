import * as z from 'zod/mini';
import {
  type AssignableType,
  changeFromKeys,
  itemAssigneeRecords,
  itemChecklists,
  type QueryTarget,
} from '#shared/data/keys';
import { type Page, queryAll, queryCount, queryPage } from '#shared/data/table';

// The data access of the feed's entity sets (docs/data-model.md FEED-4 to FEED-6): pages of the
// `changes` index, whose entries project the feed's columns only, and the collections of the
// items on a page.

/** A job's or incident's entry on `changes` (the columns the index projects); `deleted` for a tombstone. */
const changeSchema = z.looseObject({ id: z.string(), updatedAt: z.string(), deleted: z.boolean() });
export type ChangedItem = z.infer<typeof changeSchema>;

/** FEED-4: one Query: a page of one visibility class's changes, oldest first. */
export function changesPage(target: QueryTarget, page: { limit: number; cursor?: string }): Promise<Page<ChangedItem>> {
  return queryPage(target, changeSchema, { ...page, fromKeys: changeFromKeys });
}

/** FEED-4 with `$count=true`: how many entries the Query matches (Select COUNT, to the partition's end). */
export function changesCount(target: QueryTarget): Promise<number> {
  return queryCount(target);
}

const recordSchema = z.looseObject({ entity: z.string() });
/** A record of an item's collection as stored (its fields are read by name). */
export type CollectionRecord = z.infer<typeof recordSchema>;

/**
 * FEED-5: an item's assignments and its external users' access records: one Query of its
 * collection (their records sort together), continued past 1 MB (one item's assignees are a handful).
 */
export async function itemAssignees(
  type: AssignableType,
  accountId: string,
  itemId: string,
): Promise<{ assignments: CollectionRecord[]; access: CollectionRecord[] }> {
  const records = await queryAll(itemAssigneeRecords(type, accountId, itemId), recordSchema);
  return {
    assignments: records.filter((r) => r.entity === 'Assignment'),
    access: records.filter((r) => r.entity === 'ItemAccess'),
  };
}

/**
 * FEED-6: an item's checklist answers: CHK-1's Query of its checklist records (checklists,
 * answers, comments and attachments; the answers kept), continued past 1 MB.
 */
export async function itemAnswers(
  type: AssignableType,
  accountId: string,
  itemId: string,
): Promise<CollectionRecord[]> {
  const records = await queryAll(itemChecklists(type, accountId, itemId), recordSchema);
  return records.filter((r) => r.entity === 'ChecklistAnswer');
}
