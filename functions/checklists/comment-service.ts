import { type Clock, systemClock } from '#shared/clock';
import { checklistKeys } from '#shared/data/keys';
import { deleteWhen, getItem, parseItem, putWhen, updateWhen } from '#shared/data/table';
import { ConflictError, ForbiddenError, NotFoundError } from '#shared/errors';
import type { PortalCaller } from '#shared/http';
import type { Comment } from './checklist.contract';
import { commentOf, commentRecord } from './checklist-repository';
import { type ChecklistItemPlace, guardChecks, guardedWrite, withChecklistItem } from './checklist-write-guard';
import type { AddCommentBody } from './comment.contract';
import { createdId } from './request-ids';

/** Where a comment is: the item, the checklist, the checklist item. */
export type CommentPlace = ChecklistItemPlace;

const keyOf = (caller: PortalCaller, place: CommentPlace, commentId: string) =>
  checklistKeys.checklistComment(
    place.type,
    caller.accountId,
    place.itemId,
    place.checklistId,
    place.checklistItemId,
    commentId,
  );

/** A retried write whose first try landed: the comment as it left it. */
class AlreadyDone extends Error {
  constructor(readonly comment: Comment) {
    super('written already');
  }
}

/** Whether the stored comment was last written by this request of this caller. */
const writtenBy = (caller: PortalCaller, stored: Record<string, unknown>, requestId: string | undefined) =>
  requestId !== undefined &&
  stored.requestId === requestId &&
  commentOf(parseItem(commentRecord, stored)).author.id === caller.externalUserId;

/** Why an edit or delete of a comment was refused, from the comment as stored. */
function refusedFor(caller: PortalCaller, version?: number, requestId?: string) {
  return (stored: Record<string, unknown> | undefined) => {
    if (!stored) return new NotFoundError('No such comment', 'COMMENT_NOT_FOUND');
    const current = commentOf(parseItem(commentRecord, stored));
    if (current.author.id !== caller.externalUserId) {
      return new ForbiddenError('Only its author may change a comment', 'NOT_YOUR_COMMENT');
    }
    if (writtenBy(caller, stored, requestId)) return new AlreadyDone(current);
    return new ConflictError(
      `The comment changed meanwhile (version ${current.version}, not ${version})`,
      { current },
      'COMMENT_CONFLICT',
    );
  };
}

/**
 * Runs one comment write behind the same guard as an answer (one TransactWriteItems: the
 * assignment, the user, the open item, the checklist version and the terms), retrying once with a
 * fresh read when the checklist changed meanwhile.
 */
async function guarded(
  caller: PortalCaller,
  place: CommentPlace,
  clock: Clock,
  write: (now: Date) => Parameters<typeof guardedWrite>[3],
  refused: Parameters<typeof guardedWrite>[5],
): Promise<Date | AlreadyDone> {
  return withChecklistItem(caller, place, async ({ definition }) => {
    const now = clock();
    try {
      const outcome = await guardedWrite(
        caller,
        place.type,
        guardChecks(caller, place.type, place.itemId, definition, now),
        write(now),
        now,
        refused,
      );
      return outcome === 'done' ? now : 'retry';
    } catch (error) {
      if (error instanceof AlreadyDone) return error;
      throw error;
    }
  });
}

/**
 * Adds a comment on a checklist item of an open item. With a `requestId`, a retry of the same
 * request answers the comment it added and adds none.
 */
export async function addComment(
  caller: PortalCaller,
  place: CommentPlace,
  body: AddCommentBody,
  clock: Clock = systemClock,
): Promise<Comment> {
  const id = createdId(caller.externalUserId, body.requestId);
  const { text, requestId } = body;
  let comment: Comment | undefined;
  const done = await guarded(
    caller,
    place,
    clock,
    (now) => {
      comment = {
        id,
        checklistId: place.checklistId,
        checklistItemId: place.checklistItemId,
        text,
        author: { kind: 'external', id: caller.externalUserId },
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        version: 1,
      };
      return putWhen(
        { ...keyOf(caller, place, id), entity: 'ChecklistComment', ...comment, ...(requestId ? { requestId } : {}) },
        { expression: 'attribute_not_exists(pk)', names: {} },
      );
    },
    (stored) =>
      stored && writtenBy(caller, stored, requestId)
        ? new AlreadyDone(commentOf(parseItem(commentRecord, stored)))
        : new ConflictError('The comment exists already'),
  );
  return done instanceof AlreadyDone ? done.comment : (comment as Comment);
}

/**
 * Changes the text of the caller's own comment, at the version read; answers it as stored now.
 * With a `requestId`, a retry of an edit that landed answers the comment and changes nothing.
 */
export async function editComment(
  caller: PortalCaller,
  place: CommentPlace,
  commentId: string,
  body: { text: string; version: number; requestId?: string | undefined },
  clock: Clock = systemClock,
): Promise<Comment> {
  const done = await guarded(
    caller,
    place,
    clock,
    (now) =>
      updateWhen(
        keyOf(caller, place, commentId),
        { text: body.text, updatedAt: now.toISOString(), ...(body.requestId ? { requestId: body.requestId } : {}) },
        {
          expression: 'attribute_exists(pk) AND #version = :expected AND #author.#authorId = :author',
          names: { '#author': 'author', '#authorId': 'id' },
          values: { ':expected': body.version, ':author': caller.externalUserId },
        },
      ),
    refusedFor(caller, body.version, body.requestId),
  );
  if (done instanceof AlreadyDone) return done.comment;
  const stored = await getItem(keyOf(caller, place, commentId), commentRecord);
  if (!stored) throw new NotFoundError('No such comment', 'COMMENT_NOT_FOUND');
  return commentOf(stored);
}

/** Deletes the caller's own comment; the audit trail keeps its text. */
export async function deleteComment(
  caller: PortalCaller,
  place: CommentPlace,
  commentId: string,
  clock: Clock = systemClock,
): Promise<void> {
  await guarded(
    caller,
    place,
    clock,
    () =>
      deleteWhen(keyOf(caller, place, commentId), {
        expression: 'attribute_exists(pk) AND #author.#authorId = :author',
        names: { '#author': 'author', '#authorId': 'id' },
        values: { ':author': caller.externalUserId },
      }),
    refusedFor(caller),
  );
}
