import type { AssignableType } from '#shared/data/keys';
import { type Email, noticeEmail, type SendEmail } from '#shared/email';
import { logger } from '#shared/logger';
import { readableDate } from '../links/assignment-email';
import { isAnswered, progressOf } from './checklist-progress';
import { findPeople, type Part, readCompletion, saveNotice } from './completion-repository';

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
  const [parts, item, notice] = await readCompletion(type, accountId, itemId);
  if (!item) return 'unchanged';
  const summary = reviewSummary(parts);
  const totals = summary.required;
  const complete = totals.total > 0 && totals.done === totals.total;

  if (!complete) {
    if (!notice?.complete) return 'unchanged';
    await saveNotice(type, accountId, itemId, { ...notice, complete: false }, notice);
    return 'reopened';
  }
  let current = notice;
  if (!current?.complete) {
    const next = { complete: true, round: (current?.round ?? 0) + 1, notifiedRound: current?.notifiedRound ?? 0 };
    await saveNotice(type, accountId, itemId, next, current);
    current = { entity: 'CompletionNotice', ...next, version: (current?.version ?? 0) + 1 };
  }
  if (current.notifiedRound >= current.round) return 'unchanged';

  // The owners and the external users who answered, in the one BatchGetItem the owners took alone.
  const people = await findPeople(accountId, item.ownerIds, summary.answeredBy);
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
  await saveNotice(type, accountId, itemId, { ...current, notifiedRound: current.round }, current);
  logger.info('Owners told the checklists are complete', { itemType: type, itemId, owners: owners.length });
  return 'notified';
}
