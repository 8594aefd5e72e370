import * as z from 'zod/mini';
import { component, defineRoute, idSchema } from '#shared/contract';
import { deleteQuery } from './delete-query';
import { createExternalRoleBody, externalRoleSchema, updateExternalRoleBody } from './external-role.schema';

const tags = ['client access'];
const roleIdParams = z.strictObject({ roleId: idSchema });

export const externalRolePageSchema = component(
  'ExternalRolePage',
  z.object({ items: z.array(externalRoleSchema), cursor: z.optional(z.string()) }),
);

export const listExternalRoles = defineRoute({
  method: 'GET',
  path: '/external-roles',
  auth: 'staff',
  operationId: 'listExternalRoles',
  summary: "The account's external roles by name (other settings: admin roles)",
  tags,
  query: z.strictObject({
    limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
  }),
  responses: { 200: { description: 'A page of external roles', schema: externalRolePageSchema } },
});

export const createExternalRole = defineRoute({
  method: 'POST',
  path: '/external-roles',
  auth: 'staff',
  operationId: 'createExternalRole',
  summary: 'Create an external role: a name and the external views it allows (other settings: admin roles)',
  tags,
  body: createExternalRoleBody,
  responses: { 201: { description: 'The new external role', schema: externalRoleSchema } },
});

export const getExternalRole = defineRoute({
  method: 'GET',
  path: '/external-roles/{roleId}',
  auth: 'staff',
  operationId: 'getExternalRole',
  summary: 'One external role (other settings: admin roles)',
  tags,
  params: roleIdParams,
  responses: { 200: { description: 'The external role', schema: externalRoleSchema } },
});

export const updateExternalRole = defineRoute({
  method: 'PUT',
  path: '/external-roles/{roleId}',
  auth: 'staff',
  operationId: 'updateExternalRole',
  summary:
    "Replace an external role's name and views; optimistic concurrency on `version` (other settings: admin roles)",
  tags,
  params: roleIdParams,
  body: updateExternalRoleBody,
  responses: { 200: { description: 'The changed external role', schema: externalRoleSchema } },
});

export const deleteExternalRole = defineRoute({
  method: 'DELETE',
  path: '/external-roles/{roleId}',
  auth: 'staff',
  operationId: 'deleteExternalRole',
  summary:
    'Delete an external role no client access uses (409 IN_USE names the external users whose access does; other settings: admin roles)',
  tags,
  params: roleIdParams,
  query: deleteQuery,
  responses: { 204: { description: 'Deleted' } },
});
