import * as z from 'zod/mini';
import { component, defineRoute, idSchema } from '#shared/contract';
import { deleteQuery } from './delete-query';
import { createExternalViewBody, externalViewSchema, updateExternalViewBody } from './external-view.schema';

const tags = ['client access'];
const viewIdParams = z.strictObject({ viewId: idSchema });

export const externalViewPageSchema = component(
  'ExternalViewPage',
  z.object({ items: z.array(externalViewSchema), cursor: z.optional(z.string()) }),
);

export const listExternalViews = defineRoute({
  method: 'GET',
  path: '/external-views',
  auth: 'staff',
  operationId: 'listExternalViews',
  summary: "The account's external views by name (other settings: admin roles)",
  tags,
  query: z.strictObject({
    limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
  }),
  responses: { 200: { description: 'A page of external views', schema: externalViewPageSchema } },
});

export const createExternalView = defineRoute({
  method: 'POST',
  path: '/external-views',
  auth: 'staff',
  operationId: 'createExternalView',
  summary:
    'Create an external view of jobs (columns and filters) or of the calendar (filters); never a customer or site filter (other settings: admin roles)',
  tags,
  body: createExternalViewBody,
  responses: { 201: { description: 'The new external view', schema: externalViewSchema } },
});

export const getExternalView = defineRoute({
  method: 'GET',
  path: '/external-views/{viewId}',
  auth: 'staff',
  operationId: 'getExternalView',
  summary: 'One external view (other settings: admin roles)',
  tags,
  params: viewIdParams,
  responses: { 200: { description: 'The external view', schema: externalViewSchema } },
});

export const updateExternalView = defineRoute({
  method: 'PUT',
  path: '/external-views/{viewId}',
  auth: 'staff',
  operationId: 'updateExternalView',
  summary: "Replace an external view's definition; optimistic concurrency on `version` (other settings: admin roles)",
  tags,
  params: viewIdParams,
  body: updateExternalViewBody,
  responses: { 200: { description: 'The changed external view', schema: externalViewSchema } },
});

export const deleteExternalView = defineRoute({
  method: 'DELETE',
  path: '/external-views/{viewId}',
  auth: 'staff',
  operationId: 'deleteExternalView',
  summary: 'Delete an external view no role uses (409 IN_USE names the roles that do; other settings: admin roles)',
  tags,
  params: viewIdParams,
  query: deleteQuery,
  responses: { 204: { description: 'Deleted' } },
});
