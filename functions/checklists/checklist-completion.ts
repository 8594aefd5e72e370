import * as z from 'zod/mini';
import { type AssignableType, checklistKeys, keys } from '#shared/data/keys';
import { batchGetItems, getItem, putNew, putVersioned, queryPage, transactWrite } from '#shared/data/table';
import { type Email, escapeHtml, type SendEmail } from '#shared/email';
import { logger } from '#shared/logger';
import { progressOf } from './checklist-progress';

/**
 * Only what completion is decided from, so the stream consumer carries no checklist contract:
 * each checklist's items (id, required, response type) and each answer's value.
 */
const partSchema = z.looseObject({
  entity: z.string(),
  id: z.optional(z.string()),
  checklistId: z.optional(z.string()),
  checklistItemId: z.optional(z.string()),
  value: z.optional(z.unknown()),
  sections: z.optional(
    z.array(
      z.object({
        items: z.array(z.object({ id: z.string(), required: z.boolean(), response: z.object({ type: z.string() }) })),
      }),
    ),
  ),
});

/** Required answered and required in all of an item's checklists: one Query (more pages only past 1 MB). */
async function requiredProgress(type: AssignableType, accountId: string, itemId: string) {
  const parts: z.infer<typeof partSchema>[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage(checklistKeys.itemChecklists(type, accountId, itemId), partSchema, {
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    parts.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  const answers = parts.filter((p) => p.entity === 'ChecklistAnswer');
  return parts
    .filter((p) => p.entity === 'Checklist' && p.sections)
    .map((c) =>
      progressOf(
        { sections: c.sections ?? [] },
        answers
          .filter((a) => a.checklistId === c.id)
          .map((a) => ({ checklistItemId: a.checklistItemId ?? '', value: a.value ?? null })),
      ),
    )
    .reduce((sum, p) => ({ done: sum.done + p.requiredAnswered, total: sum.total + p.requiredTotal }), {
      done: 0,
      total: 0,
    });
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
type Notice = z.infer<typeof noticeSchema>;

const itemSchema = z.object({ title: z.string(), ownerIds: z.array(z.string()), archived: z.optional(z.boolean()) });
const ownerSchema = z.object({
  email: z.string(),
  givenName: z.string(),
  status: z.string(),
});

export interface CompletionDeps {
  sendEmail: SendEmail;
  /** The staff web client: the e-mail links to the item there. */
  staffUrl: string;
}

/** The e-mail telling an owner every required checklist item of their item is answered. */
export function completionEmail(
  to: { email: string; givenName: string },
  type: AssignableType,
  itemId: string,
  title: string,
  staffUrl: string,
): Email {
  const kind = type === 'job' ? 'job' : 'incident';
  const link = `${staffUrl.replace(/\/+$/, '')}/${kind === 'job' ? 'jobs' : 'incidents'}/${itemId}`;
  return {
    to: to.email,
    subject: `Checklists ready for review: ${title}`,
    text: [
      `Hello ${to.givenName},`,
      '',
      `Every required checklist item of the ${kind} "${title}" is answered. Review the answers and set the ${kind} complete when all is well:`,
      link,
    ].join('\n'),
    html: [
      `<p>Hello ${escapeHtml(to.givenName)},</p>`,
      `<p>Every required checklist item of the ${kind} <strong>${escapeHtml(title)}</strong> is answered. Review the answers and set the ${kind} complete when all is well:</p>`,
      `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
    ].join('\n'),
  };
}

const noticeWrite = (
  type: AssignableType,
  accountId: string,
  itemId: string,
  next: Omit<Notice, 'entity' | 'version'>,
  previous?: Notice,
) => {
  const item = {
    ...checklistKeys.completionNotice(type, accountId, itemId),
    entity: 'CompletionNotice',
    ...next,
    version: (previous?.version ?? 0) + 1,
  };
  return previous ? putVersioned(item, previous.version) : putNew(item);
};

/**
 * Looks at an item's checklists after one of its answers or checklists changed, and e-mails each
 * owner once per completion: when every required item (of every checklist, at least one) is
 * answered and was not at the last look. A later edit that keeps it complete, or a replayed
 * record, sends nothing; clearing a required answer makes it incomplete, so completing it again
 * is a new completion and one new e-mail. The notice is written before the e-mails go out
 * (conditional on its version, so a concurrent look cannot claim the same completion), and marked
 * notified after: a failure between the two sends again on the retry rather than never.
 */
export async function noticeCompletion(
  type: AssignableType,
  accountId: string,
  itemId: string,
  deps: CompletionDeps,
): Promise<'notified' | 'unchanged' | 'reopened'> {
  const [totals, item, notice] = await Promise.all([
    requiredProgress(type, accountId, itemId),
    getItem(keys.workItem(type, accountId, itemId), itemSchema),
    getItem(checklistKeys.completionNotice(type, accountId, itemId), noticeSchema),
  ]);
  if (!item) return 'unchanged';
  const complete = totals.total > 0 && totals.done === totals.total;
  const conflict = () => new Error('The completion notice changed meanwhile; the record is retried');

  if (!complete) {
    if (!notice?.complete) return 'unchanged';
    await transactWrite([noticeWrite(type, accountId, itemId, { ...notice, complete: false }, notice)], conflict);
    return 'reopened';
  }
  let current = notice;
  if (!current?.complete) {
    const next = { complete: true, round: (current?.round ?? 0) + 1, notifiedRound: current?.notifiedRound ?? 0 };
    await transactWrite([noticeWrite(type, accountId, itemId, next, current)], conflict);
    current = { entity: 'CompletionNotice', ...next, version: (current?.version ?? 0) + 1 };
  }
  if (current.notifiedRound >= current.round) return 'unchanged';

  const owners = await batchGetItems(
    item.ownerIds.map((id) => keys.staffUser(accountId, id)),
    ownerSchema,
    ['email', 'givenName', 'status'],
  );
  for (const owner of owners.filter((o) => o.status === 'active')) {
    await deps.sendEmail(completionEmail(owner, type, itemId, item.title, deps.staffUrl));
  }
  await transactWrite(
    [noticeWrite(type, accountId, itemId, { ...current, notifiedRound: current.round }, current)],
    conflict,
  );
  logger.info('Owners told the checklists are complete', { itemType: type, itemId, owners: owners.length });
  return 'notified';
}
