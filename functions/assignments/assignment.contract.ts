import * as z from 'zod/mini';
import { byOperation, component, defineRoute, idSchema } from '#shared/contract';
import type { AssignableType } from '#shared/data/keys';
import { externalUserRefSchema } from '../external-users/external-user.schema';
import { assignableTypes, itemParams, type WorkItemDescriptor, withArticle } from '../work/shared/item-types';
import { assignmentSchema } from './assignment.schema';

export { type Assignment, assignmentSchema, assignmentStatuses, emailStatuses } from './assignment.schema';

export const assignmentListSchema = /* @__PURE__ */ component(
  'AssignmentList',
  /* @__PURE__ */ z.object({ items: z.array(assignmentSchema) }),
);
export const assignmentPageSchema = /* @__PURE__ */ component(
  'AssignmentPage',
  /* @__PURE__ */ z.object({ items: z.array(assignmentSchema), cursor: z.optional(z.string()) }),
);

export const revokeAssignmentBody = /* @__PURE__ */ component(
  'RevokeAssignment',
  /* @__PURE__ */ z.strictObject({
    reason: z.optional(z.string().check(z.trim(), z.maxLength(500, 'must be at most 500 characters'))),
  }),
);

/** The assignment routes of one item type: list, add, revoke, resend the link. */
function assignmentRoutesOf<T extends AssignableType>(type: WorkItemDescriptor<T>) {
  const { name, tag } = type;
  const item = `${type.path}/{${type.param}}`;
  const a = withArticle(type.label);
  const tags = [tag];
  const assignee = itemParams(type, { externalUserId: idSchema });
  return {
    list: defineRoute({
      method: 'GET',
      path: `${item}/assignments`,
      auth: 'staff',
      operationId: `list${name}Assignments`,
      summary: `The external users assigned to ${a} the caller may see, active and revoked`,
      tags,
      params: itemParams(type),
      responses: { 200: { description: 'The assignments', schema: assignmentListSchema } },
    }),
    add: defineRoute({
      method: 'POST',
      path: `${item}/assignments`,
      auth: 'staff',
      operationId: `assignTo${name}`,
      summary: `Assign an external user to ${a} the caller may edit (an existing one, or a new one made inline); re-adding a revoked one reactivates it`,
      tags,
      params: itemParams(type),
      body: externalUserRefSchema,
      responses: { 201: { description: 'The active assignment', schema: assignmentSchema } },
    }),
    revoke: defineRoute({
      method: 'POST',
      path: `${item}/assignments/{externalUserId}/revoke`,
      auth: 'staff',
      operationId: `revoke${name}Assignment`,
      summary: `Remove an external user from ${a} the caller may edit; the record stays, revoked, with the reason`,
      tags,
      params: assignee,
      body: revokeAssignmentBody,
      responses: { 200: { description: 'The revoked assignment', schema: assignmentSchema } },
    }),
    resendLink: defineRoute({
      method: 'POST',
      path: `${item}/assignments/{externalUserId}/resend-link`,
      auth: 'staff',
      operationId: `resend${name}AssignmentLink`,
      summary: `E-mail an external user assigned to ${a} the caller may edit a new link; the previous link stops working at once`,
      tags,
      params: assignee,
      responses: {
        202: { description: 'The assignment, its e-mail pending with the new link', schema: assignmentSchema },
      },
    }),
  };
}

/** The assignment routes of jobs and incidents, by operation, then by item type (one handler serves both). */
export const assignmentRoutes = byOperation({
  job: assignmentRoutesOf(assignableTypes.job),
  incident: assignmentRoutesOf(assignableTypes.incident),
});

export const listExternalUserAssignments = /* @__PURE__ */ (() =>
  defineRoute({
    method: 'GET',
    path: '/external-users/{externalUserId}/assignments',
    auth: 'staff',
    operationId: 'listExternalUserAssignments',
    summary:
      "A page of an external user's assignments (active and revoked), jobs then incidents, to the items the caller may see; `cursor` continues it",
    tags: ['external users'],
    params: z.strictObject({ externalUserId: idSchema }),
    query: z.strictObject({
      limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
      cursor: z.optional(z.string().check(z.maxLength(2048))),
    }),
    responses: { 200: { description: 'A page of assignments', schema: assignmentPageSchema } },
  }))();
