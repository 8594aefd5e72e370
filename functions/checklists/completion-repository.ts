import * as z from 'zod/mini';
import { type AssignableType, checklistKeys, keys } from '#shared/data/keys';
import { batchGetItems, getItem, putNew, putVersioned, queryPage, tryTransact } from '#shared/data/table';

// The data access of the completion notice the stream consumer keeps per item. Only what
// completion and the owner's e-mail are made from is read, so the consumer carries no checklist
// contract.

/**
 * Each checklist's title and items (id, label, required, response type) and each answer's value
 * and author.
 */
const partSchema = z.looseObject({
  entity: z.string(),
  id: z.optional(z.string()),
  title: z.optional(z.string()),
  checklistId: z.optional(z.string()),
  checklistItemId: z.optional(z.string()),
  value: z.optional(z.unknown()),
  answeredBy: z.optional(z.object({ kind: z.string(), id: z.string() })),
  sections: z.optional(
    z.array(
      z.object({
        items: z.array(
          z.object({
            id: z.string(),
            label: z.string(),
            required: z.boolean(),
            response: z.object({ type: z.string() }),
          }),
        ),
      }),
    ),
  ),
});
export type Part = z.infer<typeof partSchema>;

/** An item's checklists and answers: one Query (more pages only past 1 MB). */
async function checklistParts(type: AssignableType, accountId: string, itemId: string) {
  const parts: Part[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage(checklistKeys.itemChecklists(type, accountId, itemId), partSchema, {
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    parts.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return parts;
}

const noticeSchema = z.object({
  entity: z.literal('CompletionNotice'),
  complete: z.boolean(),
  /** Counts completions: each time the required items become all answered. */
  round: z.int(),
  /** The completion whose e-mails went out. */
  notifiedRound: z.int(),
  version: z.int(),
});
export type Notice = z.infer<typeof noticeSchema>;

const itemSchema = z.object({
  title: z.string(),
  ownerIds: z.array(z.string()),
  dueAt: z.optional(z.string()),
  location: z.optional(z.object({ text: z.string() })),
});

/**
 * In parallel, one Query and two GetItems: the item's checklists and answers (see
 * `checklistParts`), the item, and its completion notice.
 */
export function readCompletion(type: AssignableType, accountId: string, itemId: string) {
  return Promise.all([
    checklistParts(type, accountId, itemId),
    getItem(keys.workItem(type, accountId, itemId), itemSchema),
    getItem(checklistKeys.completionNotice(type, accountId, itemId), noticeSchema),
  ]);
}

/**
 * One TransactWriteItems: the item's completion notice as `next`, while the stored one is still
 * `previous` (none: while there is none); a concurrent change fails it, and the record is retried.
 */
export async function saveNotice(
  type: AssignableType,
  accountId: string,
  itemId: string,
  next: Omit<Notice, 'entity' | 'version'>,
  previous?: Notice,
): Promise<void> {
  const item = {
    ...checklistKeys.completionNotice(type, accountId, itemId),
    entity: 'CompletionNotice',
    ...next,
    version: (previous?.version ?? 0) + 1,
  };
  if (await tryTransact([{ name: 'notice', write: previous ? putVersioned(item, previous.version) : putNew(item) }])) {
    throw new Error('The completion notice changed meanwhile; the record is retried');
  }
}

/** Owners (staff users) and answerers (external users), read in one BatchGetItem. */
const personSchema = z.object({
  entity: z.string(),
  id: z.string(),
  email: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  status: z.string(),
});

/** One BatchGetItem: the item's owners (staff users) and the external users who answered. */
export function findPeople(accountId: string, ownerIds: readonly string[], externalUserIds: readonly string[]) {
  return batchGetItems(
    [
      ...ownerIds.map((id) => keys.staffUser(accountId, id)),
      ...externalUserIds.map((id) => keys.externalUser(accountId, id)),
    ],
    personSchema,
    ['entity', 'id', 'email', 'givenName', 'familyName', 'status'],
  );
}
