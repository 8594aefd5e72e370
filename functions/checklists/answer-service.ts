import * as z from 'zod/mini';
import { type Clock, systemClock } from '#shared/clock';
import { type AssignableType, checklistKeys, keys, termsKeys } from '#shared/data/keys';
import {
  batchGetItems,
  conditionCheck,
  parseItem,
  putWhen,
  type TransactItem,
  transactWrite,
} from '#shared/data/table';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import type { PortalCaller } from '#shared/http';
import { accessTargetSchema, decideAccess } from '../links/link-state';
import { accessRevoked } from '../portal/portal-access';
import { termsRecordSchema } from '../terms/terms-repository';
import type { SaveAnswerBody } from './answer.contract';
import { answerProblem } from './answer-validation';
import { type Answer, type Checklist, checklistSchema } from './checklist.contract';
import { isFor } from './checklist-progress';
import { answerOf, answerRecord, checklistOf } from './checklist-repository';

/**
 * What autosave validates against, kept per warm function for a minute: the checklist (whose
 * version the write checks, so a changed checklist is read again) and the account's current terms
 * version (whose acceptance the write checks).
 */
interface Definition {
  checklist: Checklist;
  termsVersion?: number;
  loadedAt: number;
}
const definitions = new Map<string, Definition>();
const DEFINITION_TTL_MS = 60_000;
const MAX_DEFINITIONS = 500;

const anyRecord = z.looseObject({ entity: z.string() });

async function loadDefinition(
  type: AssignableType,
  accountId: string,
  itemId: string,
  checklistId: string,
  fresh: boolean,
): Promise<Definition | undefined> {
  const cacheKey = `${accountId}/${type}/${itemId}/${checklistId}`;
  const cached = definitions.get(cacheKey);
  if (!fresh && cached && Date.now() - cached.loadedAt < DEFINITION_TTL_MS) return cached;
  const found = await batchGetItems(
    [checklistKeys.checklist(type, accountId, itemId, checklistId), termsKeys.currentTerms(accountId)],
    anyRecord,
  );
  const checklist = found.find((r) => r.entity === 'Checklist');
  const terms = found.find((r) => r.entity === 'CurrentTerms');
  if (!checklist) return undefined;
  const definition: Definition = {
    checklist: checklistOf(parseItem(checklistRecord, checklist)),
    ...(terms ? { termsVersion: parseItem(termsRecordSchema, terms).termsVersion } : {}),
    loadedAt: Date.now(),
  };
  if (definitions.size >= MAX_DEFINITIONS) definitions.delete(definitions.keys().next().value as string);
  definitions.set(cacheKey, definition);
  return definition;
}

const checklistRecord = z.extend(checklistSchema, { entity: z.literal('Checklist') });

const finished: Record<AssignableType, string[]> = { job: ['completed', 'cancelled'], incident: ['closed'] };

/** The checks and the write of one answer, for one TransactWriteItems. */
function answerWrites(
  caller: PortalCaller,
  type: AssignableType,
  itemId: string,
  definition: Definition,
  answer: Answer,
  expectedVersion: number,
  now: Date,
): TransactItem[] {
  const { accountId, externalUserId } = caller;
  const at = now.toISOString();
  const statuses = Object.fromEntries(finished[type].map((status, i) => [`:done${i}`, status]));
  const itemCondition =
    `attribute_exists(pk) AND #archived = :false AND NOT (#status IN (${Object.keys(statuses).join(', ')}))` +
    (type === 'job' ? ' AND #dueAt > :now' : '');
  const writes: TransactItem[] = [
    conditionCheck(keys.assignment(type, accountId, itemId, externalUserId), {
      expression: '#status = :active',
      names: { '#status': 'status' },
      values: { ':active': 'active' },
    }),
    conditionCheck(keys.externalUser(accountId, externalUserId), {
      expression: '#status = :active AND (attribute_not_exists(#auto) OR #auto > :now)',
      names: { '#status': 'status', '#auto': 'autoDisableAt' },
      values: { ':active': 'active', ':now': at },
    }),
    conditionCheck(keys.workItem(type, accountId, itemId), {
      expression: itemCondition,
      names: { '#archived': 'archived', '#status': 'status', ...(type === 'job' ? { '#dueAt': 'dueAt' } : {}) },
      values: { ':false': false, ...statuses, ...(type === 'job' ? { ':now': at } : {}) },
    }),
    conditionCheck(checklistKeys.checklist(type, accountId, itemId, definition.checklist.id), {
      expression: '#version = :version',
      names: { '#version': 'version' },
      values: { ':version': definition.checklist.version },
    }),
  ];
  if (definition.termsVersion !== undefined) {
    writes.push(
      conditionCheck(termsKeys.termsAcceptance(accountId, externalUserId), {
        expression: '#terms = :terms',
        names: { '#terms': 'termsVersion' },
        values: { ':terms': definition.termsVersion },
      }),
    );
  }
  writes.push(
    putWhen(
      {
        ...checklistKeys.checklistAnswer(type, accountId, itemId, answer.checklistId, answer.checklistItemId),
        entity: 'ChecklistAnswer',
        ...answer,
      },
      {
        // The version read, or the same request again (a retry lands once, as it did the first time).
        expression:
          expectedVersion === 0
            ? 'attribute_not_exists(pk) OR #request = :request'
            : '#version = :expected OR #request = :request',
        names: { '#request': 'requestId', ...(expectedVersion === 0 ? {} : { '#version': 'version' }) },
        values: { ':request': answer.requestId, ...(expectedVersion === 0 ? {} : { ':expected': expectedVersion }) },
      },
    ),
  );
  return writes;
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
 * once. Nothing is written by a refused save.
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
  const definition = await loadDefinition(type, caller.accountId, itemId, checklistId, fresh);
  if (!definition) throw new NotFoundError('No such checklist on this item', 'CHECKLIST_NOT_FOUND');
  const { checklist } = definition;
  if (!isFor(checklist, caller.externalUserId)) {
    throw new ForbiddenError('This checklist is for other external users', 'NOT_YOUR_CHECKLIST');
  }
  const item = checklist.sections.flatMap((s) => s.items).find((i) => i.id === checklistItemId);
  if (!item) {
    if (!fresh) return saveAnswer(caller, type, itemId, checklistId, checklistItemId, body, origin, clock, true);
    throw new NotFoundError('No such item in this checklist', 'CHECKLIST_ITEM_NOT_FOUND');
  }
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
  const writes = answerWrites(caller, type, itemId, definition, answer, body.version, now);
  const failures = await transactWrite(writes, (failed) => new SaveRefused(failed)).then(
    () => undefined,
    (error: unknown) => {
      if (error instanceof SaveRefused) return error.failed;
      throw error;
    },
  );
  if (!failures) return answer;
  const failed = (index: number) => failures.some((f) => f.index === index);
  const itemOf = (index: number) => failures.find((f) => f.index === index)?.item;
  if (failed(0) || failed(1)) throw accessRevoked(caller, 'assignment or external user ended before the save');
  if (failed(2)) {
    const stored = itemOf(2);
    const access = stored
      ? decideAccess(
          type,
          {
            assignment: { entity: 'Assignment', status: 'active' },
            externalUser: { entity: 'ExternalUser', status: 'active' },
            item: parseItem(accessTargetSchema, stored),
          },
          now,
        )
      : undefined;
    if (!access || access.state === 'revoked') throw accessRevoked(caller, 'item archived, cancelled or gone');
    throw new ConflictError(access.message, { access }, 'ITEM_READ_ONLY');
  }
  if (failed(3)) {
    if (!fresh) return saveAnswer(caller, type, itemId, checklistId, checklistItemId, body, origin, clock, true);
    throw new ConflictError('The checklist changed meanwhile: reload it', undefined, 'CHECKLIST_CHANGED');
  }
  const answerIndex = writes.length - 1;
  if (definition.termsVersion !== undefined && failed(answerIndex - 1)) {
    throw new ForbiddenError('Accept the Terms & Conditions to continue', 'TERMS_NOT_ACCEPTED');
  }
  const current = itemOf(answerIndex);
  throw new ConflictError(
    'This answer was changed meanwhile: here is the current one',
    { current: current ? answerOf(parseItem(answerRecord, current)) : null },
    'ANSWER_CONFLICT',
  );
}

/** A refused transaction's failed steps, carried out of `transactWrite`. */
class SaveRefused extends Error {
  constructor(readonly failed: { index: number; item?: Record<string, unknown> }[]) {
    super('save refused');
  }
}
