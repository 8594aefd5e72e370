import * as z from 'zod/mini';
import {
  type AssignableType,
  checklistAnswer,
  checklistAttachment,
  checklistComment,
  checklistItemAttachments,
  checklist as checklistKey,
  currentTerms,
} from '#shared/data/keys';
import {
  batchGetItems,
  deleteWhen,
  type FailedSteps,
  getItem,
  itemAbsent,
  parseItem,
  presentAnd,
  putWhen,
  queryPage,
  type Step,
  transact,
  tryTransact,
  updateWhen,
} from '#shared/data/table';
import { ConflictError } from '#shared/errors';
import {
  type AccessDemand,
  type AccessPlace,
  accessCheck,
  type ItemAccess,
  storedAccess,
} from '../external-users/item-access-repository';
import { cancelled, finished } from '../links/link-state';
import { termsRecordSchema } from '../terms/terms-repository';
import type { Answer, Attachment, Checklist, Comment } from './checklist.schema';
import {
  answerOf,
  answerRecord,
  attachmentOf,
  attachmentRecord,
  checklistOf,
  checklistRecord,
  commentOf,
  commentRecord,
} from './checklist-repository';

// The data access of the portal's writes to checklists: what they validate against, the write
// guard's transaction, and the answers, comments and attachments they write.

/** Where a portal write to a checklist goes: the item, the checklist, the checklist item. */
export interface ChecklistItemPlace {
  type: AssignableType;
  itemId: string;
  checklistId: string;
  checklistItemId: string;
}

/** The external user who writes, in their account. */
export interface Writer {
  accountId: string;
  externalUserId: string;
}

const anyRecord = z.looseObject({ entity: z.string() });

/**
 * One BatchGetItem: what autosave validates against, the checklist and the account's current
 * terms version (none when no terms were published); undefined when there is no such checklist.
 */
export async function findChecklistDefinition(
  type: AssignableType,
  accountId: string,
  itemId: string,
  checklistId: string,
): Promise<{ checklist: Checklist; termsVersion?: number } | undefined> {
  const found = await batchGetItems(
    [checklistKey(type, accountId, itemId, checklistId), currentTerms(accountId)],
    anyRecord,
  );
  const checklist = found.find((r) => r.entity === 'Checklist');
  const terms = found.find((r) => r.entity === 'CurrentTerms');
  if (!checklist) return undefined;
  return {
    checklist: checklistOf(parseItem(checklistRecord, checklist)),
    ...(terms ? { termsVersion: parseItem(termsRecordSchema, terms).termsVersion } : {}),
  };
}

/** What the write guard checks a portal write against. */
export interface WriteGuard extends Writer {
  type: AssignableType;
  itemId: string;
  checklistId: string;
  /** The checklist's version the write was validated against. */
  checklistVersion: number;
  /** The account's current terms version, when it has terms. */
  termsVersion?: number | undefined;
  now: Date;
  /** An answer's write: the guard notes `now` as the user's last answer on the access record. */
  answering?: boolean;
}

/** The item access record a guard checks. */
export const accessPlaceOf = (guard: WriteGuard): AccessPlace => ({
  type: guard.type,
  accountId: guard.accountId,
  itemId: guard.itemId,
  externalUserId: guard.externalUserId,
});

/**
 * What the guard demands of the item access record: the assignment and the external user still
 * active (and before the user's auto-disable date), the item still open (not archived or
 * finished; a job before its due date), the checklist still the version validated against, and
 * the current terms accepted.
 */
export function guardDemand(guard: WriteGuard): AccessDemand {
  return {
    now: guard.now,
    refusedStatuses: [...finished[guard.type], ...cancelled[guard.type]],
    dueAhead: guard.type === 'job',
    checklist: { id: guard.checklistId, version: guard.checklistVersion },
    termsVersion: guard.termsVersion,
  };
}

/** Why a guarded write was refused. */
export interface GuardRefusal {
  /** The failed steps by name: the guard's `access`, or the write's own. */
  failed: FailedSteps;
  /** The access record as stored, when the guard failed (undefined: there is none). */
  access?: ItemAccess;
  /** The first write whose own condition failed, as stored now, when DynamoDB returned it. */
  stored?: Record<string, unknown>;
}

/**
 * One TransactWriteItems: the guard's one ConditionCheck of the item access record (see
 * `guardDemand`; for an answer, an Update under the same condition that notes its time) and the writes, so a write of one small record costs 2 × (1 + 1) WRU. Answers
 * undefined when written, or why it was refused.
 */
export async function writeBehindGuard(guard: WriteGuard, writes: Step[]): Promise<GuardRefusal | undefined> {
  const failed = await tryTransact([
    accessCheck(
      accessPlaceOf(guard),
      guardDemand(guard),
      guard.answering ? { answeredAt: guard.now.toISOString() } : undefined,
    ),
    ...writes,
  ]);
  if (!failed) return undefined;
  const access = failed.get('access');
  const own = writes.find((step) => failed.has(step.name));
  const stored = own && failed.get(own.name);
  return { failed, ...(access ? { access: storedAccess(access) } : {}), ...(stored ? { stored } : {}) };
}

/** An answer as stored (e.g. what a refused write returned). */
export const storedAnswer = (stored: Record<string, unknown>): Answer => answerOf(parseItem(answerRecord, stored));

/** A comment as stored (e.g. what a refused write returned). */
export const storedComment = (stored: Record<string, unknown>): Comment => commentOf(parseItem(commentRecord, stored));

const answerKey = (writer: Writer, place: ChecklistItemPlace) =>
  checklistAnswer(place.type, writer.accountId, place.itemId, place.checklistId, place.checklistItemId);

/** The answer's Put, while the stored one is still `expectedVersion` (0: while there is none). */
export function answerWrite(writer: Writer, place: ChecklistItemPlace, answer: Answer, expectedVersion: number): Step {
  return {
    name: 'answer',
    write: putWhen(
      { ...answerKey(writer, place), entity: 'ChecklistAnswer', ...answer },
      expectedVersion === 0
        ? itemAbsent
        : {
            expression: '#version = :expected',
            names: { '#version': 'version' },
            values: { ':expected': expectedVersion },
          },
    ),
  };
}

const commentKey = (writer: Writer, place: ChecklistItemPlace, commentId: string) =>
  checklistComment(place.type, writer.accountId, place.itemId, place.checklistId, place.checklistItemId, commentId);

/** The Put of a new comment (with the request that made it, when given), while none has its id. */
export function newCommentWrite(writer: Writer, place: ChecklistItemPlace, comment: Comment, requestId?: string): Step {
  return {
    name: 'comment',
    write: putWhen(
      {
        ...commentKey(writer, place, comment.id),
        entity: 'ChecklistComment',
        ...comment,
        ...(requestId ? { requestId } : {}),
      },
      itemAbsent,
    ),
  };
}

/** The Update of a comment's text, while it exists, is still `expectedVersion` and is the writer's. */
export function commentTextWrite(
  writer: Writer,
  place: ChecklistItemPlace,
  commentId: string,
  change: { text: string; requestId?: string | undefined },
  expectedVersion: number,
  now: Date,
): Step {
  return {
    name: 'comment',
    write: updateWhen(
      commentKey(writer, place, commentId),
      { text: change.text, updatedAt: now.toISOString(), ...(change.requestId ? { requestId: change.requestId } : {}) },
      presentAnd({
        expression: '#version = :expected AND #author.#authorId = :author',
        names: { '#author': 'author', '#authorId': 'id' },
        values: { ':expected': expectedVersion, ':author': writer.externalUserId },
      }),
    ),
  };
}

/** The Delete of a comment, while it exists and is the writer's. */
export function commentDeleteWrite(writer: Writer, place: ChecklistItemPlace, commentId: string): Step {
  return {
    name: 'comment',
    write: deleteWhen(
      commentKey(writer, place, commentId),
      presentAnd({
        expression: '#author.#authorId = :author',
        names: { '#author': 'author', '#authorId': 'id' },
        values: { ':author': writer.externalUserId },
      }),
    ),
  };
}

/** One GetItem: a comment on the checklist item. */
export async function findComment(
  writer: Writer,
  place: ChecklistItemPlace,
  commentId: string,
): Promise<Comment | undefined> {
  const stored = await getItem(commentKey(writer, place, commentId), commentRecord);
  return stored && commentOf(stored);
}

const attachmentKey = (writer: Writer, place: ChecklistItemPlace, attachmentId: string) =>
  checklistAttachment(
    place.type,
    writer.accountId,
    place.itemId,
    place.checklistId,
    place.checklistItemId,
    attachmentId,
  );

/** One Query: the attachments started on the checklist item (at most 100), pending or confirmed. */
export async function listItemAttachments(writer: Writer, place: ChecklistItemPlace): Promise<Attachment[]> {
  const page = await queryPage(
    checklistItemAttachments(place.type, writer.accountId, place.itemId, place.checklistId, place.checklistItemId),
    attachmentRecord,
    { limit: 100 },
  );
  return page.items.map(attachmentOf);
}

/** One BatchGetItem: an attachment and its checklist item's answer, each when stored. */
export async function findAttachmentAndAnswer(
  writer: Writer,
  place: ChecklistItemPlace,
  attachmentId: string,
): Promise<{ attachment?: Attachment; answer?: Answer }> {
  const records = await batchGetItems(
    [attachmentKey(writer, place, attachmentId), answerKey(writer, place)],
    anyRecord,
  );
  const attachment = records.find((r) => r.entity === 'ChecklistAttachment');
  const answer = records.find((r) => r.entity === 'ChecklistAnswer');
  return {
    ...(attachment ? { attachment: attachmentOf(parseItem(attachmentRecord, attachment)) } : {}),
    ...(answer ? { answer: storedAnswer(answer) } : {}),
  };
}

/**
 * The Put of a new pending attachment, while none has its id; DynamoDB's TTL removes it at
 * `removeAt` unless it is confirmed first.
 */
export function pendingAttachmentWrite(
  writer: Writer,
  place: ChecklistItemPlace,
  attachment: Attachment,
  removeAt: Date,
): Step {
  return {
    name: 'attachment',
    write: putWhen(
      {
        ...attachmentKey(writer, place, attachment.id),
        entity: 'ChecklistAttachment',
        ...attachment,
        expiresAt: Math.floor(removeAt.getTime() / 1000),
      },
      itemAbsent,
    ),
  };
}

const stillPending = () => ({
  expression: '#status = :pending',
  names: { '#status': 'status' },
  values: { ':pending': 'pending' },
});

/** The Put of a confirmed attachment, while it is still pending. */
export function confirmedAttachmentWrite(writer: Writer, place: ChecklistItemPlace, confirmed: Attachment): Step {
  return {
    name: 'attachment',
    write: putWhen(
      { ...attachmentKey(writer, place, confirmed.id), entity: 'ChecklistAttachment', ...confirmed },
      stillPending(),
    ),
  };
}

/** The Delete of an attachment, while it is the writer's. */
export function attachmentDeleteWrite(writer: Writer, place: ChecklistItemPlace, attachmentId: string): Step {
  return {
    name: 'attachment',
    write: deleteWhen(attachmentKey(writer, place, attachmentId), {
      expression: '#by.#id = :me',
      names: { '#by': 'uploadedBy', '#id': 'id' },
      values: { ':me': writer.externalUserId },
    }),
  };
}

/** One TransactWriteItems: deletes a pending attachment's record; 409 when it changed meanwhile. */
export async function deletePendingAttachment(
  writer: Writer,
  place: ChecklistItemPlace,
  attachmentId: string,
): Promise<void> {
  await transact(
    [{ name: 'attachment', write: deleteWhen(attachmentKey(writer, place, attachmentId), stillPending()) }],
    () => new ConflictError('The attachment changed meanwhile'),
  );
}
