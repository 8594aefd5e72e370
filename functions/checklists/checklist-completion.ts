import * as z from 'zod/mini';
import { type AssignableType, checklistKeys, keys } from '#shared/data/keys';
import { batchGetItems, getItem, putNew, putVersioned, queryPage, transactWrite } from '#shared/data/table';
import { type Email, noticeEmail, type SendEmail } from '#shared/email';
import { logger } from '#shared/logger';
import { readableDate } from '../links/assignment-email';
import { isAnswered, progressOf } from './checklist-progress';

/**
 * Only what completion and the owner's e-mail are made from, so the stream consumer carries no
 * checklist contract: each checklist's title and items (id, label, required, response type) and
 * each answer's value and author.
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
type Part = z.infer<typeof partSchema>;

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

/** The answers owners should look at first, by response type: a pass/fail "fail", a yes/no "no". */
const ATTENTION: Record<string, string> = { pass_fail_na: 'fail', yes_no_na: 'no' };

/**
 * What the owner's review e-mail reports, read from an item's checklists and answers (pure):
 * required items answered and in all, the external users who answered (ids), and every answer
 * that failed or says no, as "checklist › item: answer", in checklist order.
 */
export function reviewSummary(parts: readonly Part[]) {
  const answers = parts.filter((p) => p.entity === 'ChecklistAnswer');
  const required = { done: 0, total: 0 };
  const attention: string[] = [];
  for (const checklist of parts.filter((p) => p.entity === 'Checklist' && p.sections)) {
    const own = answers.filter((a) => a.checklistId === checklist.id);
    const progress = progressOf(
      { sections: checklist.sections ?? [] },
      own.map((a) => ({ checklistItemId: a.checklistItemId ?? '', value: a.value ?? null })),
    );
    required.done += progress.requiredAnswered;
    required.total += progress.requiredTotal;
    for (const item of checklist.sections?.flatMap((s) => s.items) ?? []) {
      const flagged = ATTENTION[item.response.type];
      if (flagged && own.some((a) => a.checklistItemId === item.id && a.value === flagged)) {
        attention.push(`${checklist.title} › ${item.label}: ${flagged === 'fail' ? 'Fail' : 'No'}`);
      }
    }
  }
  const answeredBy = new Set(
    answers.flatMap((a) => (a.answeredBy?.kind === 'external' && isAnswered(a.value ?? null) ? [a.answeredBy.id] : [])),
  );
  return { required, answeredBy: [...answeredBy], attention };
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

const itemSchema = z.object({
  title: z.string(),
  ownerIds: z.array(z.string()),
  dueAt: z.optional(z.string()),
  location: z.optional(z.object({ text: z.string() })),
});
/** Owners (staff users) and answerers (external users), read in one BatchGetItem. */
const personSchema = z.object({
  entity: z.string(),
  id: z.string(),
  email: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  status: z.string(),
});

export interface CompletionDeps {
  sendEmail: SendEmail;
  /** The staff web client: the e-mail links to the item there. */
  staffUrl: string;
}

/** What the owner's review e-mail says about the item. */
export interface ReviewFacts {
  type: AssignableType;
  itemId: string;
  title: string;
  /** Jobs: when it is due. */
  dueAt?: string;
  location?: string;
  /** The external users who answered, by name (none when staff answered everything). */
  answeredBy: string[];
  required: { done: number; total: number };
  /** Failed or "no" answers, as "checklist › item: answer". */
  attention: string[];
}

/**
 * The e-mail telling an owner every required checklist item of their item is answered, with what
 * they need to judge it at a glance: due date, location, who answered, the required items done,
 * and any answer that failed or says no. Every user-entered text is escaped in the HTML.
 */
export function completionEmail(to: { email: string; givenName: string }, facts: ReviewFacts, staffUrl: string): Email {
  const kind = facts.type === 'job' ? 'job' : 'incident';
  return noticeEmail({
    to: to.email,
    subject: `Checklists ready for review: ${facts.title}`,
    paragraphs: [
      `Hello ${to.givenName},`,
      `Every required checklist item of the ${kind} "${facts.title}" is answered. Review the answers and set the ${kind} complete when all is well.`,
    ],
    facts: [
      [kind === 'job' ? 'Job' : 'Incident', facts.title],
      ['Due', facts.dueAt && readableDate(facts.dueAt)],
      ['Location', facts.location],
      ['Answered by', facts.answeredBy.join(', ')],
      ['Required items', `${facts.required.done} of ${facts.required.total} answered`],
      ['Failed or "no" answers', facts.attention.length ? String(facts.attention.length) : 'none'],
    ],
    list: facts.attention,
    link: { text: `Open the ${kind}`, url: `${staffUrl.replace(/\/+$/, '')}/${kind}s/${facts.itemId}` },
  });
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
  const [parts, item, notice] = await Promise.all([
    checklistParts(type, accountId, itemId),
    getItem(keys.workItem(type, accountId, itemId), itemSchema),
    getItem(checklistKeys.completionNotice(type, accountId, itemId), noticeSchema),
  ]);
  if (!item) return 'unchanged';
  const summary = reviewSummary(parts);
  const totals = summary.required;
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

  // The owners and the external users who answered, in the one BatchGetItem the owners took alone.
  const people = await batchGetItems(
    [
      ...item.ownerIds.map((id) => keys.staffUser(accountId, id)),
      ...summary.answeredBy.map((id) => keys.externalUser(accountId, id)),
    ],
    personSchema,
    ['entity', 'id', 'email', 'givenName', 'familyName', 'status'],
  );
  const named = new Map(
    people.filter((p) => p.entity === 'ExternalUser').map((p) => [p.id, `${p.givenName} ${p.familyName}`]),
  );
  const facts: ReviewFacts = {
    type,
    itemId,
    title: item.title,
    ...(type === 'job' && item.dueAt ? { dueAt: item.dueAt } : {}),
    ...(item.location ? { location: item.location.text } : {}),
    answeredBy: summary.answeredBy.flatMap((id) => named.get(id) ?? []).sort((a, b) => a.localeCompare(b)),
    required: totals,
    attention: summary.attention,
  };
  const owners = people.filter((p) => p.entity === 'StaffUser' && p.status === 'active');
  for (const owner of owners) await deps.sendEmail(completionEmail(owner, facts, deps.staffUrl));
  await transactWrite(
    [noticeWrite(type, accountId, itemId, { ...current, notifiedRound: current.round }, current)],
    conflict,
  );
  logger.info('Owners told the checklists are complete', { itemType: type, itemId, owners: owners.length });
  return 'notified';
}
