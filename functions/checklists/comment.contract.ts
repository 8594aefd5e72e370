import * as z from 'zod/mini';
import { defineRoute, idSchema, requestIdSchema, versionNumber } from '#shared/contract';
import { commentSchema } from './checklist.contract';

/** The longest comment. */
export const maxCommentLength = 2000;

const text = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(maxCommentLength, `must be at most ${maxCommentLength} characters`),
  );

export const addCommentBody = z.strictObject({ text, requestId: z.optional(requestIdSchema) });
export type AddCommentBody = z.infer<typeof addCommentBody>;
export const editCommentBody = z.strictObject({
  text,
  version: versionNumber(),
  requestId: z.optional(requestIdSchema),
});

const params = (name: 'jobId' | 'incidentId', withComment: boolean) =>
  z.strictObject({
    [name]: idSchema,
    checklistId: idSchema,
    itemId: idSchema,
    ...(withComment ? { commentId: idSchema } : {}),
  }) as z.ZodMiniType<{ [k: string]: string }>;

/** The portal's comment routes of one item type: add, edit and delete one's own. */
function commentRoutes(type: 'job' | 'incident') {
  const param = type === 'job' ? 'jobId' : 'incidentId';
  const base = `/portal/${type === 'job' ? 'jobs' : 'incidents'}/{${param}}/checklists/{checklistId}/items/{itemId}/comments`;
  const Type = type === 'job' ? 'Job' : 'Incident';
  const tags = ['portal'];
  return {
    add: defineRoute({
      method: 'POST',
      path: base,
      auth: 'portal',
      operationId: `addPortal${Type}Comment`,
      summary: `Comment on a checklist item of the ${type} (while it is open)`,
      tags,
      params: params(param, false),
      body: addCommentBody,
      responses: { 201: { description: 'The comment', schema: commentSchema } },
    }),
    edit: defineRoute({
      method: 'PATCH',
      path: `${base}/{commentId}`,
      auth: 'portal',
      operationId: `editPortal${Type}Comment`,
      summary: 'Change the text of one of your own comments (409 with the current one on a stale version)',
      tags,
      params: params(param, true),
      body: editCommentBody,
      responses: { 200: { description: 'The comment', schema: commentSchema } },
    }),
    remove: defineRoute({
      method: 'DELETE',
      path: `${base}/{commentId}`,
      auth: 'portal',
      operationId: `deletePortal${Type}Comment`,
      summary: 'Delete one of your own comments (the audit trail keeps what it said)',
      tags,
      params: params(param, true),
      responses: { 204: { description: 'Deleted' } },
    }),
  };
}

export const jobCommentRoutes = commentRoutes('job');
export const incidentCommentRoutes = commentRoutes('incident');
