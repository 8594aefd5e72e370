import * as z from 'zod/mini';
import { byOperation, defineRoute, idSchema, requestIdSchema, versionNumber } from '#shared/contract';
import type { AssignableType } from '#shared/data/keys';
import { lazySchema } from '#shared/lazy-schema';
import { assignableTypes, itemParams, type WorkItemDescriptor } from '../work/shared/item-types';
import { commentSchema } from './checklist.schema';

/** The longest comment. */
export const maxCommentLength = 2000;

const text = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(maxCommentLength, `must be at most ${maxCommentLength} characters`),
  );

export const addCommentBody = lazySchema(() => z.strictObject({ text, requestId: z.optional(requestIdSchema) }));
export type AddCommentBody = z.infer<typeof addCommentBody>;
export const editCommentBody = lazySchema(() =>
  z.strictObject({
    text,
    version: versionNumber(),
    requestId: z.optional(requestIdSchema),
  }),
);

/** The portal's comment routes of one item type: add, edit and delete one's own. */
function commentRoutesOf<T extends AssignableType>(type: WorkItemDescriptor<T>) {
  const base = `/portal${type.path}/{${type.param}}/checklists/{checklistId}/items/{itemId}/comments`;
  const tags = ['portal'];
  const onItem = itemParams(type, { checklistId: idSchema, itemId: idSchema });
  const onComment = itemParams(type, { checklistId: idSchema, itemId: idSchema, commentId: idSchema });
  return {
    add: defineRoute({
      method: 'POST',
      path: base,
      auth: 'portal',
      operationId: `addPortal${type.name}Comment`,
      summary: `Comment on a checklist item of the ${type.label} (while it is open)`,
      tags,
      params: onItem,
      body: addCommentBody,
      responses: { 201: { description: 'The comment', schema: commentSchema } },
    }),
    edit: defineRoute({
      method: 'PATCH',
      path: `${base}/{commentId}`,
      auth: 'portal',
      operationId: `editPortal${type.name}Comment`,
      summary: 'Change the text of one of your own comments (409 with the current one on a stale version)',
      tags,
      params: onComment,
      body: editCommentBody,
      responses: { 200: { description: 'The comment', schema: commentSchema } },
    }),
    remove: defineRoute({
      method: 'DELETE',
      path: `${base}/{commentId}`,
      auth: 'portal',
      operationId: `deletePortal${type.name}Comment`,
      summary: 'Delete one of your own comments (the audit trail keeps what it said)',
      tags,
      params: onComment,
      responses: { 204: { description: 'Deleted' } },
    }),
  };
}

/** The portal's comment routes of jobs and incidents, by operation, then by item type (one handler serves both). */
export const commentRoutes = byOperation({
  job: commentRoutesOf(assignableTypes.job),
  incident: commentRoutesOf(assignableTypes.incident),
});
