import * as z from 'zod/mini';
import {
  type AssignableType,
  checklistAnswers,
  checklist as checklistKey,
  checklistVersion,
  itemChecklists,
  type PrimaryKey,
  workItem,
} from '#shared/data/keys';
import {
  conditionCheck,
  getItem,
  parseItem,
  putDerived,
  putNew,
  putVersioned,
  queryAllByPrefix,
  queryPage,
  type Step,
  transact,
} from '#shared/data/table';
import { ConflictError } from '#shared/errors';
import { lazySchema } from '#shared/lazy-schema';
import { accessUpdate, checklistField } from '../external-users/item-access-repository';
import {
  type Answer,
  type Attachment,
  answerSchema,
  attachmentSchema,
  type Checklist,
  type Comment,
  checklistSchema,
  commentSchema,
} from './checklist.schema';
import { progressOf } from './checklist-progress';

export const checklistRecord = /* @__PURE__ */ lazySchema(() =>
  z.extend(checklistSchema, { entity: z.literal('Checklist') }),
);
const answerRecord = /* @__PURE__ */ lazySchema(() => z.extend(answerSchema, { entity: z.literal('ChecklistAnswer') }));
export const commentRecord = /* @__PURE__ */ lazySchema(() =>
  z.extend(commentSchema, { entity: z.literal('ChecklistComment') }),
);
export const commentOf = ({ entity: _e, ...comment }: z.infer<typeof commentRecord>): Comment => comment;
export const attachmentRecord = /* @__PURE__ */ lazySchema(() =>
  z.extend(attachmentSchema, { entity: z.literal('ChecklistAttachment') }),
);
export const attachmentOf = ({ entity: _e, ...attachment }: z.infer<typeof attachmentRecord>): Attachment => attachment;
const anyRecord = /* @__PURE__ */ lazySchema(() => z.looseObject({ entity: z.string() }));

/** Strips what only the table needs. */
export const checklistOf = ({ entity: _e, ...checklist }: z.infer<typeof checklistRecord>): Checklist => checklist;
export const answerOf = ({ entity: _e, ...answer }: z.infer<typeof answerRecord>): Answer => answer;

/** What an item's checklists part of its collection holds; attachments only once confirmed. */
export interface ItemChecklists {
  checklists: Checklist[];
  answers: Answer[];
  comments: Comment[];
  attachments: Attachment[];
}

/**
 * An item's checklists with their answers, comments and confirmed attachments: one Query of their
 * part of its collection (more pages only past 1 MB).
 */
export async function readItemChecklists(
  type: AssignableType,
  accountId: string,
  itemId: string,
): Promise<ItemChecklists> {
  const checklists: Checklist[] = [];
  const answers: Answer[] = [];
  const comments: Comment[] = [];
  const attachments: Attachment[] = [];
  for (const record of await queryAllByPrefix(itemChecklists(type, accountId, itemId), anyRecord)) {
    if (record.entity === 'Checklist') checklists.push(checklistOf(parseItem(checklistRecord, record)));
    else if (record.entity === 'ChecklistAnswer') answers.push(answerOf(parseItem(answerRecord, record)));
    else if (record.entity === 'ChecklistComment') comments.push(commentOf(parseItem(commentRecord, record)));
    else if (record.entity === 'ChecklistAttachment' && record.status === 'confirmed') {
      attachments.push(attachmentOf(parseItem(attachmentRecord, record)));
    }
  }
  return { checklists, answers, comments, attachments };
}

/**
 * Each checklist with its own answers, comments, attachments (made viewable by `view`, e.g. with a
 * download URL) and progress, as the staff and the portal show them.
 */
export function checklistsWithAnswers<A>(
  read: Omit<ItemChecklists, 'attachments'> & { attachments: A[] },
  include: (checklist: Checklist) => boolean = () => true,
) {
  return read.checklists.filter(include).map((checklist) => {
    const answers = read.answers.filter((a) => a.checklistId === checklist.id);
    return {
      checklist,
      answers,
      comments: read.comments.filter((c) => c.checklistId === checklist.id),
      attachments: read.attachments.filter((a) => (a as { checklistId: string }).checklistId === checklist.id),
      progress: progressOf(checklist, answers),
    };
  });
}

/** One GetItem: a checklist of the item. */
export async function findChecklist(
  type: AssignableType,
  accountId: string,
  itemId: string,
  checklistId: string,
): Promise<Checklist | undefined> {
  const record = await getItem(checklistKey(type, accountId, itemId, checklistId), checklistRecord);
  return record && checklistOf(record);
}

/** One Query: a checklist's answers. */
export async function listChecklistAnswers(
  type: AssignableType,
  accountId: string,
  itemId: string,
  checklistId: string,
): Promise<Answer[]> {
  const page = await queryPage(checklistAnswers(type, accountId, itemId, checklistId), answerRecord, {
    limit: 1000,
  });
  return page.items.map(answerOf);
}

/** Who has an item access record to keep in step with a checklist's version, and the item's version as read. */
export interface ChecklistAudience {
  /** The item's external users now. */
  assignees: readonly string[];
  /**
   * The item's version as read: a replacement checks it is unchanged, so an assignee added
   * meanwhile (whose new record copied the version being replaced) fails the write instead of
   * keeping an old version.
   */
  itemVersion?: number;
}

/**
 * A checklist's records as `write` puts them (the checklist, and its small version record), and
 * the version on each assignee's item access record (ACS-3), which portal writes check instead of
 * the checklist.
 */
function checklistRecords(
  accountId: string,
  checklist: Checklist,
  audience: ChecklistAudience,
  write: (checklist: PrimaryKey & Record<string, unknown>, head: PrimaryKey & Record<string, unknown>) => Step[],
): Step[] {
  const where = [checklist.itemType, accountId, checklist.itemId, checklist.id] as const;
  return [
    ...write(
      { ...checklistKey(...where), entity: 'Checklist', ...checklist },
      { ...checklistVersion(...where), entity: 'ChecklistVersion', version: checklist.version },
    ),
    ...audience.assignees.map((externalUserId) =>
      accessUpdate(
        { type: checklist.itemType, accountId, itemId: checklist.itemId, externalUserId },
        { [checklistField(checklist.id)]: checklist.version },
      ),
    ),
  ];
}

/** The Puts of a new checklist (see `checklistRecords`), each refused when its key is taken. */
export function newChecklistWrites(
  accountId: string,
  checklist: Checklist,
  audience: ChecklistAudience = { assignees: [] },
): Step[] {
  return checklistRecords(accountId, checklist, audience, (item, head) => [
    { name: 'checklist', write: putNew(item) },
    { name: 'checklistVersion', write: putNew(head) },
  ]);
}

/**
 * The Puts of a checklist's next version while the stored one is `expectedVersion` (see
 * `checklistRecords`), and, given the item's version as read, a check that it is unchanged.
 */
function nextChecklistWrites(
  accountId: string,
  checklist: Checklist,
  expectedVersion: number,
  audience: ChecklistAudience = { assignees: [] },
): Step[] {
  const itemUnchanged: Step[] =
    audience.itemVersion === undefined
      ? []
      : [
          {
            name: 'itemUnchanged',
            write: conditionCheck(workItem(checklist.itemType, accountId, checklist.itemId), {
              expression: '#version = :version',
              names: { '#version': 'version' },
              values: { ':version': audience.itemVersion },
            }),
          },
        ];
  return [
    ...checklistRecords(accountId, checklist, audience, (item, head) => [
      { name: 'checklist', write: putVersioned(item, expectedVersion) },
      { name: 'checklistVersion', write: putDerived(head) },
    ]),
    ...itemUnchanged,
  ];
}

/** One TransactWriteItems: a new checklist (see `newChecklistWrites`); 409 when its id is taken. */
export async function insertChecklist(
  accountId: string,
  checklist: Checklist,
  audience?: ChecklistAudience,
): Promise<void> {
  await transact(newChecklistWrites(accountId, checklist, audience), 'The checklist exists already');
}

/**
 * One TransactWriteItems: the checklist's next version, while the stored one is `expectedVersion`
 * (see `nextChecklistWrites`); else what `stale` makes (409 when the item changed meanwhile).
 */
export async function replaceChecklist(
  accountId: string,
  checklist: Checklist,
  expectedVersion: number,
  stale: () => Error,
  audience?: ChecklistAudience,
): Promise<void> {
  await transact(nextChecklistWrites(accountId, checklist, expectedVersion, audience), (failed) =>
    failed.has('itemUnchanged') && !failed.has('checklist')
      ? new ConflictError('The item changed meanwhile: try again')
      : stale(),
  );
}

export { answerRecord };
