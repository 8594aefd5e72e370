import * as z from 'zod/mini';
import { component, defineRoute, idSchema } from '#shared/contract';
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

// Each assignment route is made on its own, per item type, so a handler's bundle holds its own
// route (its summary, params and body) and not the other three.

const itemPath = (type: WorkItemDescriptor<AssignableType>) => `${type.path}/{${type.param}}`;

/** Listing an item's assignments. */
/* @__NO_SIDE_EFFECTS__ */
function listRoute<T extends AssignableType>(type: WorkItemDescriptor<T>) {
  return defineRoute({
    method: 'GET',
    path: `${itemPath(type)}/assignments`,
    auth: 'staff',
    operationId: `list${type.name}Assignments`,
    summary: `The external users assigned to ${withArticle(type.label)} the caller may see, active and revoked`,
    tags: [type.tag],
    params: itemParams(type),
    responses: { 200: { description: 'The assignments', schema: assignmentListSchema } },
  });
}

/** Assigning an external user to an item. */
/* @__NO_SIDE_EFFECTS__ */
function addRoute<T extends AssignableType>(type: WorkItemDescriptor<T>) {
  return defineRoute({
    method: 'POST',
    path: `${itemPath(type)}/assignments`,
    auth: 'staff',
    operationId: `assignTo${type.name}`,
    summary: `Assign an external user to ${withArticle(type.label)} the caller may edit (an existing one, or a new one made inline); re-adding a revoked one reactivates it`,
    tags: [type.tag],
    params: itemParams(type),
    body: externalUserRefSchema,
    responses: { 201: { description: 'The active assignment', schema: assignmentSchema } },
  });
}

/** Revoking an item's assignment. */
/* @__NO_SIDE_EFFECTS__ */
function revokeRoute<T extends AssignableType>(type: WorkItemDescriptor<T>) {
  return defineRoute({
    method: 'POST',
    path: `${itemPath(type)}/assignments/{externalUserId}/revoke`,
    auth: 'staff',
    operationId: `revoke${type.name}Assignment`,
    summary: `Remove an external user from ${withArticle(type.label)} the caller may edit; the record stays, revoked, with the reason`,
    tags: [type.tag],
    params: itemParams(type, { externalUserId: idSchema }),
    body: revokeAssignmentBody,
    responses: { 200: { description: 'The revoked assignment', schema: assignmentSchema } },
  });
}

/** A new link for an item's assignee. */
/* @__NO_SIDE_EFFECTS__ */
function resendLinkRoute<T extends AssignableType>(type: WorkItemDescriptor<T>) {
  return defineRoute({
    method: 'POST',
    path: `${itemPath(type)}/assignments/{externalUserId}/resend-link`,
    auth: 'staff',
    operationId: `resend${type.name}AssignmentLink`,
    summary: `E-mail an external user assigned to ${withArticle(type.label)} the caller may edit a new link; the previous link stops working at once`,
    tags: [type.tag],
    params: itemParams(type, { externalUserId: idSchema }),
    responses: {
      202: { description: 'The assignment, its e-mail pending with the new link', schema: assignmentSchema },
    },
  });
}

/** Listing an item's assignments, by item type (one handler serves both). */
export const listAssignmentRoutes = /* @__PURE__ */ (() => ({
  job: listRoute(assignableTypes.job),
  incident: listRoute(assignableTypes.incident),
}))();
/** Assigning an external user, by item type. */
export const addAssignmentRoutes = /* @__PURE__ */ (() => ({
  job: addRoute(assignableTypes.job),
  incident: addRoute(assignableTypes.incident),
}))();
/** Revoking an assignment, by item type. */
export const revokeAssignmentRoutes = /* @__PURE__ */ (() => ({
  job: revokeRoute(assignableTypes.job),
  incident: revokeRoute(assignableTypes.incident),
}))();
/** A new link for an assignee, by item type. */
export const resendLinkRoutes = /* @__PURE__ */ (() => ({
  job: resendLinkRoute(assignableTypes.job),
  incident: resendLinkRoute(assignableTypes.incident),
}))();

/** The assignment routes of jobs and incidents, by operation, then by item type (functions/routes.ts, the tests). */
export const assignmentRoutes = {
  list: listAssignmentRoutes,
  add: addAssignmentRoutes,
  revoke: revokeAssignmentRoutes,
  resendLink: resendLinkRoutes,
};

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
