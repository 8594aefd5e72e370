import { createHash } from 'node:crypto';
import type { AssignableType } from '#shared/data/keys';
import { type Email, EmailSuppressedError, noticeEmail, type SendEmail } from '#shared/email';
import { logger } from '#shared/logger';
import { readableDate } from '../links/assignment-email';
import { isAnswered, progressOf } from './checklist-progress';
import {
  findPeople,
  findProgress,
  markAnswer,
  markNotified,
  type Part,
  type Progress,
  readChecklists,
  saveFlags,
  saveProgress,
} from './completion-repository';

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

/** A job or incident whose checklists changed. */
export interface ItemRef {
  type: AssignableType;
  accountId: string;
  itemId: string;
}

/**
 * The stream record of a change, as far as completion needs it: its id (the same on every
 * delivery of the record) and the answer before and after.
 */
export interface ChangeRecord {
  eventId: string;
  oldImage?: Record<string, unknown> | undefined;
  newImage?: Record<string, unknown> | undefined;
}

export type CompletionOutcome = 'notified' | 'unchanged' | 'reopened';

/**
 * A checklist item's token in its item's completion record: the first 8 base64url characters
 * (48 bits) of SHA-256 of "checklistId/checklistItemId". Two items of one job colliding takes
 * about 2^24 items; at 1,000 items the chance is below 2 in a billion.
 */
export const itemToken = (checklistId: string, checklistItemId: string) =>
  createHash('sha256').update(`${checklistId}/${checklistItemId}`).digest('base64url').slice(0, 8);

/** What the completion record keeps of an answer: its version × 2, plus 1 when it answers its item. */
const markOf = (version: number, answered: boolean) => version * 2 + (answered ? 1 : 0);

/** Whether every required item is answered (and there is at least one). */
export function isComplete(progress: Pick<Progress, 'required' | 'answers'>): boolean {
  const required = [...(progress.required ?? [])];
  return required.length > 0 && required.every((token) => (progress.answers?.[token] ?? 0) % 2 === 1);
}

/** The completion flags of an item no record was kept for yet. */
const NEVER_COMPLETE = { complete: false, round: 0, notifiedRound: 0 } as const;

/**
 * What to do when the required items are `complete` (or not) and the record says `progress`
 * (pure): claim a new completion for `me` and e-mail it, reopen, e-mail a claimed completion
 * whose e-mails have not gone out (only the record that claimed it, on a retry: so two records
 * never both e-mail one completion), or nothing.
 */
export function nextStep(
  progress: Pick<Progress, 'complete' | 'round' | 'notifiedRound' | 'claimedBy'>,
  complete: boolean,
  me: string,
): { flags?: Partial<Pick<Progress, 'complete' | 'round' | 'claimedBy'>>; notify: boolean } {
  if (complete && !progress.complete) {
    return { flags: { complete: true, round: progress.round + 1, claimedBy: me }, notify: true };
  }
  if (!complete && progress.complete) return { flags: { complete: false }, notify: false };
  if (!complete || progress.notifiedRound >= progress.round) return { notify: false };
  if (progress.claimedBy === me) return { notify: true };
  // Claimed before claims were recorded: the first record to see it takes it over.
  if (progress.claimedBy === undefined) return { flags: { claimedBy: me }, notify: true };
  return { notify: false };
}

/** The answer an image holds: whether it answers its item, and its version. */
function answerIn(image: Record<string, unknown> | undefined) {
  const version = typeof image?.version === 'number' ? image.version : undefined;
  return { answered: image !== undefined && isAnswered(image.value ?? null), version };
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** How many times a look retries when the completion record changed under it. */
const ATTEMPTS = 5;

/**
 * Completion after one answer changed (CHK-8). A change that leaves the item answered or
 * unanswered as it was reads and writes nothing. One that answers or clears it is one UpdateItem
 * of the item's completion record, with no read: it notes the answer's version and whether it
 * answers, unless that version or a later one is noted already (a replayed or late record changes
 * nothing), and gives the record back. Only when that makes the required items all answered, or
 * no longer, does more happen (`settle`). A record kept before progress was (no `answers`), or
 * none, is recomputed from the item's checklists (`noticeChecklistChange`).
 */
export async function noticeAnswerChange(
  item: ItemRef,
  change: ChangeRecord,
  deps: CompletionDeps,
): Promise<CompletionOutcome> {
  const before = answerIn(change.oldImage);
  const after = answerIn(change.newImage);
  if (before.answered === after.answered) return 'unchanged';
  const image = change.newImage ?? change.oldImage;
  const checklistId = text(image?.checklistId);
  const checklistItemId = text(image?.checklistItemId);
  // A removed answer is newer than its last version.
  const version = change.newImage ? after.version : before.version && before.version + 1;
  if (!checklistId || !checklistItemId || version === undefined) {
    return noticeChecklistChange(item, change.eventId, deps);
  }
  const { type, accountId, itemId } = item;
  const noted = await markAnswer(
    type,
    accountId,
    itemId,
    itemToken(checklistId, checklistItemId),
    markOf(version, after.answered),
  );
  const progress = 'item' in noted ? noted.item : noted.refused;
  if (!progress?.answers) return noticeChecklistChange(item, change.eventId, deps);
  return settle(item, progress, change.eventId, deps);
}

/**
 * Brings the record's flags in line with its progress (see `nextStep`): each flag change is one
 * UpdateItem conditional on the version just seen; when the record changed meanwhile (another
 * answer), it is read again (one GetItem) and looked at afresh.
 */
async function settle(item: ItemRef, seen: Progress, me: string, deps: CompletionDeps): Promise<CompletionOutcome> {
  const { type, accountId, itemId } = item;
  let progress: Progress | undefined = seen;
  for (let attempt = 0; attempt < ATTEMPTS && progress; attempt++) {
    const step = nextStep(progress, isComplete(progress), me);
    const current: Progress | undefined = step.flags
      ? await saveFlags(type, accountId, itemId, step.flags, progress.version)
      : progress;
    if (!current) {
      progress = await findProgress(type, accountId, itemId);
      continue;
    }
    if (step.notify) return notifyOwners(item, current.round, await readChecklists(type, accountId, itemId), deps);
    return step.flags?.complete === false ? 'reopened' : 'unchanged';
  }
  if (!progress) return 'unchanged';
  throw new Error('The completion record kept changing; the record is retried');
}

/**
 * Completion after a checklist changed (staff created or edited one: rare), and for an item whose
 * completion record predates progress: the record is computed again from the item's checklists
 * and answers (one strongly consistent Query, in parallel with GetItems of the item and the
 * record), keeping for each answer the later of what it read and what the record noted, and
 * written whole while the record is still the version read; a concurrent change reads again.
 */
export async function noticeChecklistChange(
  item: ItemRef,
  me: string,
  deps: CompletionDeps,
): Promise<CompletionOutcome> {
  const { type, accountId, itemId } = item;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const [stored, read] = await Promise.all([
      findProgress(type, accountId, itemId),
      readChecklists(type, accountId, itemId),
    ]);
    const [parts, workItem] = read;
    if (!workItem) return 'unchanged';
    const { required, answers } = progressIn(parts, stored?.answers);
    const flags = stored ?? NEVER_COMPLETE;
    const step = nextStep(flags, isComplete({ required, answers }), me);
    const next = {
      complete: flags.complete,
      round: flags.round,
      notifiedRound: flags.notifiedRound,
      ...(stored?.claimedBy ? { claimedBy: stored.claimedBy } : {}),
      ...step.flags,
      required,
      answers,
    };
    const same = stored !== undefined && !step.flags && sameProgress(stored, next);
    if (!same && !(await saveProgress(type, accountId, itemId, next, stored?.version))) continue;
    if (step.notify) return notifyOwners(item, next.round, read, deps);
    return step.flags?.complete === false ? 'reopened' : 'unchanged';
  }
  throw new Error('The completion record kept changing; the record is retried');
}

/**
 * The progress an item's checklists and answers make (pure): the tokens of its required items
 * (those taking an answer), and each answer's mark, the later of the one read and the one noted.
 */
export function progressIn(parts: readonly Part[], noted: Readonly<Record<string, number>> = {}) {
  const required = new Set<string>();
  for (const checklist of parts) {
    if (checklist.entity !== 'Checklist' || !checklist.id) continue;
    for (const entry of checklist.sections?.flatMap((s) => s.items) ?? []) {
      if (entry.required && entry.response.type !== 'instruction') required.add(itemToken(checklist.id, entry.id));
    }
  }
  const answers: Record<string, number> = { ...noted };
  for (const answer of parts) {
    if (answer.entity !== 'ChecklistAnswer' || !answer.checklistId || !answer.checklistItemId) continue;
    const token = itemToken(answer.checklistId, answer.checklistItemId);
    const mark = markOf(answer.version ?? 0, isAnswered(answer.value ?? null));
    answers[token] = Math.max(answers[token] ?? -1, mark);
  }
  return { required, answers };
}

function sameProgress(stored: Progress, next: { required: Set<string>; answers: Record<string, number> }) {
  const tokens = (set?: Set<string>) => JSON.stringify([...(set ?? [])].sort());
  const marks = (map?: Record<string, number>) => JSON.stringify(Object.entries(map ?? {}).sort());
  return (
    stored.answers !== undefined &&
    tokens(stored.required) === tokens(next.required) &&
    marks(stored.answers) === marks(next.answers)
  );
}

/**
 * E-mails each active owner that completion `round` is ready for review, from the item's
 * checklists and answers as read, then notes the round e-mailed. A failure between the two sends
 * again when the record that claimed it is retried, rather than never.
 */
async function notifyOwners(
  item: ItemRef,
  round: number,
  [parts, workItem]: Awaited<ReturnType<typeof readChecklists>>,
  deps: CompletionDeps,
): Promise<CompletionOutcome> {
  const { type, accountId, itemId } = item;
  if (!workItem) return 'unchanged';
  const summary = reviewSummary(parts);
  // The owners and the external users who answered, in the one BatchGetItem the owners took alone.
  const people = await findPeople(accountId, workItem.ownerIds, summary.answeredBy);
  const named = new Map(
    people.filter((p) => p.entity === 'ExternalUser').map((p) => [p.id, `${p.givenName} ${p.familyName}`]),
  );
  const facts: ReviewFacts = {
    type,
    itemId,
    title: workItem.title,
    ...(type === 'job' && workItem.dueAt ? { dueAt: workItem.dueAt } : {}),
    ...(workItem.location ? { location: workItem.location.text } : {}),
    answeredBy: summary.answeredBy.flatMap((id) => named.get(id) ?? []).sort((a, b) => a.localeCompare(b)),
    required: summary.required,
    attention: summary.attention,
  };
  const owners = people.filter((p) => p.entity === 'StaffUser' && p.status === 'active');
  for (const owner of owners) {
    const recipient = { accountId, kind: 'staff' as const, id: owner.id };
    try {
      await deps.sendEmail({ ...completionEmail(owner, facts, deps.staffUrl), recipient });
    } catch (error) {
      // An owner whose address bounced or complained gets nothing (counted as EmailSuppressed); the others do.
      if (!(error instanceof EmailSuppressedError)) throw error;
      logger.info('Owner e-mail suppressed: the address bounced or complained', { ownerId: owner.id });
    }
  }
  await markNotified(type, accountId, itemId, round);
  logger.info('Owners told the checklists are complete', { itemType: type, itemId, owners: owners.length });
  return 'notified';
}
