import * as z from 'zod/mini';
import type { QueryTarget } from '#shared/data/keys';
import { type Page, queryCount, queryPage } from '#shared/data/table';

// The data access of the feed's entity sets (docs/data-model.md FEED-4): pages of the `changes`
// index, whose entries project the feed's columns only.

/** A job's or incident's entry on `changes` (the columns the index projects). */
const changeSchema = z.looseObject({ id: z.string(), updatedAt: z.string() });
export type ChangedItem = z.infer<typeof changeSchema>;

/** FEED-4: one Query: a page of one visibility class's changes, oldest first. */
export function changesPage(target: QueryTarget, page: { limit: number; cursor?: string }): Promise<Page<ChangedItem>> {
  return queryPage(target, changeSchema, page);
}

/** FEED-4 with `$count=true`: how many entries the Query matches (Select COUNT, to the partition's end). */
export function changesCount(target: QueryTarget): Promise<number> {
  return queryCount(target);
}
