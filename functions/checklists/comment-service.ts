import { type Clock, systemClock } from '#shared/clock';
import { ConflictError, ForbiddenError, NotFoundError } from '#shared/errors';
import type { PortalCaller } from '#shared/http';
import type { Comment } from './checklist.schema';
import { guardedWrite, withChecklistItem } from './checklist-write-guard';
import {
  type ChecklistItemPlace,
  commentDeleteWrite,
  commentTextWrite,
  findComment,
  newCommentWrite,
  storedComment,
} from './checklist-write-repository';
import type { AddCommentBody } from './comment.contract';
import { createdId } from './request-ids';

/** Where a comment is: the item, the checklist, the checklist item. */
export type CommentPlace = ChecklistItemPlace;

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
  storedComment(stored).author.id === caller.externalUserId;

/** Why an edit or delete of a comment was refused, from the comment as stored. */
function refusedFor(caller: PortalCaller, version?: number, requestId?: string) {
  return (stored: Record<string, unknown> | undefined) => {
    if (!stored) return new NotFoundError('No such comment', 'COMMENT_NOT_FOUND');
    const current = storedComment(stored);
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
  write: (now: Date) => Parameters<typeof guardedWrite>[4],
  refused: Parameters<typeof guardedWrite>[6],
): Promise<Date | AlreadyDone> {
  return withChecklistItem(caller, place, async ({ definition }) => {
    const now = clock();
    try {
      const outcome = await guardedWrite(caller, place.type, place.itemId, definition, write(now), now, refused);
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
      return newCommentWrite(caller, place, comment, requestId);
    },
    (stored) =>
      stored && writtenBy(caller, stored, requestId)
        ? new AlreadyDone(storedComment(stored))
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
    (now) => commentTextWrite(caller, place, commentId, body, body.version, now),
    refusedFor(caller, body.version, body.requestId),
  );
  if (done instanceof AlreadyDone) return done.comment;
  const stored = await findComment(caller, place, commentId);
  if (!stored) throw new NotFoundError('No such comment', 'COMMENT_NOT_FOUND');
  return stored;
}

/** Deletes the caller's own comment; the audit trail keeps its text. */
export async function deleteComment(
  caller: PortalCaller,
  place: CommentPlace,
  commentId: string,
  clock: Clock = systemClock,
): Promise<void> {
  await guarded(caller, place, clock, () => commentDeleteWrite(caller, place, commentId), refusedFor(caller));
}
