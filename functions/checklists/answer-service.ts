import { type Clock, systemClock } from '#shared/clock';
import type { AssignableType } from '#shared/data/keys';
import { ConflictError, ValidationError } from '#shared/errors';
import type { PortalCaller } from '#shared/http';
import { countMetric } from '#shared/metrics';
import type { SaveAnswerBody } from './answer.contract';
import { answerProblem } from './answer-validation';
import type { Answer } from './checklist.schema';
import { guardedWrite, openChecklistItem } from './checklist-write-guard';
import { answerWrite, storedAnswer } from './checklist-write-repository';

/** A retried save whose first try landed: the answer it saved. */
class AlreadySaved extends Error {
  constructor(readonly answer: Answer) {
    super('saved already');
  }
}

export interface AnswerOrigin {
  userAgent: string;
}

/**
 * Autosaves one answer: validated against the item's response type (400 naming the problem), then
 * one TransactWriteItems that writes it only while the assignment, the external user and the item
 * are still open, the checklist is the version validated against, the current terms are accepted
 * and the answer is the version the client read. A failed check says why: 403 ACCESS_REVOKED,
 * 409 ITEM_READ_ONLY (completed or past due, with the access state), 409 ANSWER_CONFLICT (with the
 * current answer), 403 TERMS_NOT_ACCEPTED; a changed checklist is read again and the save retried
 * once. Nothing is written by a refused save, nor by a retry of a save that landed (the same
 * `requestId` at the version it was sent with): that answers the answer as it was saved.
 */
export async function saveAnswer(
  caller: PortalCaller,
  type: AssignableType,
  itemId: string,
  checklistId: string,
  checklistItemId: string,
  body: SaveAnswerBody,
  origin: AnswerOrigin,
  clock: Clock = systemClock,
  fresh = false,
): Promise<Answer> {
  const retry = () => saveAnswer(caller, type, itemId, checklistId, checklistItemId, body, origin, clock, true);
  const opened = await openChecklistItem(caller, type, itemId, checklistId, checklistItemId, fresh);
  if (opened === 'stale') return retry();
  const { definition, item } = opened;
  const problem = answerProblem(item.response, body.value);
  if (problem) {
    throw new ValidationError(`The answer to "${item.label}" is not valid`, [
      { path: 'body.value', code: `invalid_${item.response.type}`, message: problem },
    ]);
  }
  const now = clock();
  const answer: Answer = {
    checklistId,
    checklistItemId,
    value: body.value,
    answeredBy: { kind: 'external', id: caller.externalUserId },
    answeredAt: now.toISOString(),
    userAgent: origin.userAgent.slice(0, 512),
    ...(body.gps ? { gps: body.gps } : {}),
    requestId: body.requestId,
    version: body.version + 1,
  };
  const write = answerWrite(caller, { type, itemId, checklistId, checklistItemId }, answer, body.version);
  let outcome: 'done' | 'stale';
  try {
    outcome = await guardedWrite(
      caller,
      type,
      itemId,
      definition,
      write,
      now,
      (stored) => {
        const current = stored ? storedAnswer(stored) : undefined;
        // The same request again, after it landed: its answer as it was saved, and nothing written.
        if (current?.requestId === body.requestId) return new AlreadySaved(current);
        countMetric('AnswerConflict');
        return new ConflictError(
          'This answer was changed meanwhile: here is the current one',
          { current: current ?? null },
          'ANSWER_CONFLICT',
        );
      },
      true,
    );
  } catch (error) {
    if (error instanceof AlreadySaved) return error.answer;
    throw error;
  }
  if (outcome === 'stale') {
    if (fresh) throw new ConflictError('The checklist changed meanwhile: reload it', undefined, 'CHECKLIST_CHANGED');
    return retry();
  }
  countMetric('AnswerSaved');
  return answer;
}
