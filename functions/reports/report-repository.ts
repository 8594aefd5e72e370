import * as z from 'zod/mini';
import {
  type AssignableType,
  account,
  assignment,
  completionNotice,
  itemAccess,
  type PrimaryKey,
  primaryKeyAttributes,
  type QueryTarget,
} from '#shared/data/keys';
import { batchGetItems, getItem, maxBatchGetKeys, type Page, queryKept, queryPage } from '#shared/data/table';

// The data access of reports (docs/data-model.md RPT-1, RPT-2): the page's rows from the list
// partitions, and the facts the external-user columns and filters need, read for the whole page
// at once.

/** What an item's external-user facts are read from: an assignment, an access record, or the item's progress. */
const factSchema = z.looseObject({
  key: z.string(),
  entity: z.string(),
  givenName: z.optional(z.string()),
  familyName: z.optional(z.string()),
  email: z.optional(z.string()),
  status: z.optional(z.string()),
  emailStatus: z.optional(z.string()),
  userStatus: z.optional(z.string()),
  autoDisableAt: z.optional(z.string()),
  viewedAt: z.optional(z.string()),
  answeredAt: z.optional(z.string()),
  /** A completion record's required items (a string set) and the last answer's mark to each (token → number). */
  required: z.optional(z.unknown()),
  answers: z.optional(z.unknown()),
});
export type Fact = z.infer<typeof factSchema>;

const projection = [
  ...primaryKeyAttributes,
  'entity',
  'givenName',
  'familyName',
  'email',
  'status',
  'emailStatus',
  'userStatus',
  'autoDisableAt',
  'viewedAt',
  'answeredAt',
  'required',
  'answers',
] as const;

/** A record's place as one text: its primary key's attributes. */
const keyText = (key: object) =>
  primaryKeyAttributes.map((name) => String((key as Record<string, unknown>)[name])).join('\n');
const fromKeys = (item: Record<string, unknown>) => ({ key: keyText(item) });

/** One external user's records on one item. */
export interface AssigneeFacts {
  assignment?: Fact;
  access?: Fact;
}

/** The facts of one item: each assignee's (in the order of its `externalUsers`) and its progress. */
export interface ItemFacts {
  assignees: Map<string, AssigneeFacts>;
  progress?: Fact;
}

/**
 * RPT-2: the external-user facts of a page's items, in one BatchGetItem per 100 keys (all in
 * parallel): each assigned external user's assignment (name, address, status, e-mail status) and
 * access record (user status, auto-disable date, last view, last answer), and, when `progress`, each item's
 * completion record (required checklist items and the last answer to each).
 */
export async function readItemFacts(
  type: AssignableType,
  accountId: string,
  items: readonly { id: string; externalUsers?: readonly string[] | undefined }[],
  wanted: { assignees: boolean; progress: boolean },
): Promise<Map<string, ItemFacts>> {
  const keys: PrimaryKey[] = [];
  const places = new Map<
    string,
    { itemId: string; externalUserId?: string; what: 'assignment' | 'access' | 'progress' }
  >();
  const add = (
    key: PrimaryKey,
    place: { itemId: string; externalUserId?: string; what: 'assignment' | 'access' | 'progress' },
  ) => {
    keys.push(key);
    places.set(keyText(key), place);
  };
  const facts = new Map<string, ItemFacts>();
  for (const item of items) {
    facts.set(item.id, { assignees: new Map((item.externalUsers ?? []).map((id) => [id, {}])) });
    if (wanted.assignees) {
      for (const externalUserId of item.externalUsers ?? []) {
        add(assignment(type, accountId, item.id, externalUserId), {
          itemId: item.id,
          externalUserId,
          what: 'assignment',
        });
        add(itemAccess(type, accountId, item.id, externalUserId), { itemId: item.id, externalUserId, what: 'access' });
      }
    }
    if (wanted.progress) add(completionNotice(type, accountId, item.id), { itemId: item.id, what: 'progress' });
  }
  const batches: PrimaryKey[][] = [];
  for (let i = 0; i < keys.length; i += maxBatchGetKeys) batches.push(keys.slice(i, i + maxBatchGetKeys));
  const found = (
    await Promise.all(batches.map((batch) => batchGetItems(batch, factSchema, projection, fromKeys)))
  ).flat();
  for (const fact of found) {
    const place = places.get(fact.key);
    const item = place && facts.get(place.itemId);
    if (!place || !item) continue;
    if (place.what === 'progress') item.progress = fact;
    else if (place.externalUserId !== undefined) {
      const assignee = item.assignees.get(place.externalUserId) ?? {};
      assignee[place.what] = fact;
      item.assignees.set(place.externalUserId, assignee);
    }
  }
  return facts;
}

/** What a report reads of a list row (the row carries every list column; the rest rides along). */
const reportItemSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  archived: z.boolean(),
  dueAt: z.optional(z.string()),
  location: z.object({ text: z.string() }),
  externalUsers: z.optional(z.array(z.string())),
});
export type ReportItem = z.infer<typeof reportItemSchema>;

/**
 * RPT-1: one page of one list partition. Without `keep`, one Query (WRK-5's); with it (a filter
 * decided on facts outside the row), a Query and `keep`'s reads, again from where it stopped while
 * the page is not full (at most 1,000 rows examined), so a page is never short while more exist.
 */
export function reportPartitionPage(
  target: QueryTarget,
  page: { limit: number; cursor?: string },
  keep?: (items: ReportItem[]) => Promise<boolean[]>,
): Promise<Page<ReportItem>> {
  return keep ? queryKept(target, reportItemSchema, page, keep) : queryPage(target, reportItemSchema, page);
}

const accountZone = z.object({ timeZone: z.optional(z.string()) });

/**
 * ACC-1 (the account's GetItem), for a report with local-time columns: the account's time zone,
 * if it has one.
 */
export async function accountTimeZone(accountId: string): Promise<string | undefined> {
  return (await getItem(account(accountId), accountZone))?.timeZone;
}
