import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema } from '#shared/contract';
import { modulePermissionsSchema } from '../staff/permissions/permission-settings';
import { staffRoleSchema } from '../staff/staff-role';
import { personName, staffUserSchema } from '../staff/staff-user.schema';
import {
  dateTime,
  externalUserStatuses,
  externalUserViewSchema,
  newExternalUserBody,
  version,
} from './external-user.schema';

export {
  type ExternalUser,
  type ExternalUserView,
  externalUserSchema,
  externalUserStatuses,
  externalUserViewSchema,
  type NewExternalUserBody,
  newExternalUserBody,
} from './external-user.schema';

export const updateExternalUserBody = component(
  'UpdateExternalUser',
  z
    // Loose so that the checks below see (and name) the fields that cannot change.
    .looseObject({
      version,
      givenName: z.optional(personName),
      familyName: z.optional(personName),
      /** null removes it. */
      autoDisableAt: z.optional(z.nullable(dateTime)),
    })
    .check(
      // The address identifies the person to the portal: a new address is a new external user.
      z.refine((body) => !('email' in body), { message: 'cannot be changed after creation', path: ['email'] }),
      z.refine(
        (body) => {
          const known = ['version', 'givenName', 'familyName', 'autoDisableAt', 'email'];
          return Object.keys(body).every((key) => known.includes(key));
        },
        { message: 'only givenName, familyName and autoDisableAt can change' },
      ),
      z.refine((body) => Object.keys(body).length > 1, {
        message: 'give at least one field to change besides version',
      }),
    ),
);
export type UpdateExternalUserBody = z.infer<typeof updateExternalUserBody>;

const externalUserIdParams = z.strictObject({ externalUserId: idSchema });
const versionBody = component('ExternalUserVersion', z.strictObject({ version }));

export const externalUserPageSchema = component(
  'ExternalUserPage',
  z.object({ items: z.array(externalUserViewSchema), cursor: z.optional(z.string()) }),
);

export const listExternalUsersQuery = z.strictObject({
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  q: documented(z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(254))), {
    description:
      'Search: the start of the family name (then given name), case-insensitive; a whole e-mail address when it contains @',
  }),
  status: documented(z.optional(z.enum(externalUserStatuses)), { description: 'Only external users with this status' }),
});
export type ListExternalUsersQuery = z.infer<typeof listExternalUsersQuery>;

const tags = ['external users'];

export const listExternalUsers = defineRoute({
  method: 'GET',
  path: '/external-users',
  auth: 'staff',
  operationId: 'listExternalUsers',
  summary:
    "The account's external users by family name, one page at a time; search by name or e-mail, filter by status",
  tags,
  query: listExternalUsersQuery,
  responses: { 200: { description: 'A page of external users', schema: externalUserPageSchema } },
});

export const createExternalUser = defineRoute({
  method: 'POST',
  path: '/external-users',
  auth: 'staff',
  operationId: 'createExternalUser',
  summary: 'Create an external user (admin roles); the e-mail address is unique in the account, in any case',
  tags,
  body: newExternalUserBody,
  responses: { 201: { description: 'The new external user', schema: externalUserViewSchema } },
});

export const getExternalUser = defineRoute({
  method: 'GET',
  path: '/external-users/{externalUserId}',
  auth: 'staff',
  operationId: 'getExternalUser',
  summary: 'One external user of the account',
  tags,
  params: externalUserIdParams,
  responses: { 200: { description: 'The external user', schema: externalUserViewSchema } },
});

export const updateExternalUser = defineRoute({
  method: 'PATCH',
  path: '/external-users/{externalUserId}',
  auth: 'staff',
  operationId: 'updateExternalUser',
  summary: "Change an external user's name or auto-disable date (admin roles); the e-mail address cannot change",
  tags,
  params: externalUserIdParams,
  body: updateExternalUserBody,
  responses: { 200: { description: 'The updated external user', schema: externalUserViewSchema } },
});

export const disableExternalUser = defineRoute({
  method: 'POST',
  path: '/external-users/{externalUserId}/disable',
  auth: 'staff',
  operationId: 'disableExternalUser',
  summary: 'Disable an external user (admin roles): their links answer "no longer have access" at once',
  tags,
  params: externalUserIdParams,
  body: versionBody,
  responses: { 200: { description: 'The disabled external user', schema: externalUserViewSchema } },
});

export const enableExternalUser = defineRoute({
  method: 'POST',
  path: '/external-users/{externalUserId}/enable',
  auth: 'staff',
  operationId: 'enableExternalUser',
  summary: 'Enable a disabled external user again (admin roles)',
  tags,
  params: externalUserIdParams,
  body: versionBody,
  responses: { 200: { description: 'The enabled external user', schema: externalUserViewSchema } },
});

export const promoteExternalUserBody = component(
  'PromoteExternalUser',
  z.strictObject({
    version,
    role: staffRoleSchema,
    departmentIds: z.optional(z.array(idSchema).check(z.maxLength(50))),
    permissions: z.optional(modulePermissionsSchema),
  }),
);
export type PromoteExternalUserBody = z.infer<typeof promoteExternalUserBody>;

export const promotionSchema = component(
  'ExternalUserPromotion',
  z.object({ externalUser: externalUserViewSchema, staffUser: staffUserSchema }),
);

export const promoteExternalUser = defineRoute({
  method: 'POST',
  path: '/external-users/{externalUserId}/promote',
  auth: 'staff',
  operationId: 'promoteExternalUser',
  summary:
    'Promote an external user to Employee (user settings access): a staff user with the same name and e-mail and the chosen role and permissions; the external record stays, marked promoted',
  tags,
  params: externalUserIdParams,
  body: promoteExternalUserBody,
  responses: { 201: { description: 'The promoted record and the new staff user', schema: promotionSchema } },
});
