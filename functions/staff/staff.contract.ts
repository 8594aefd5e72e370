import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema, versionNumber } from '#shared/contract';
import { effectivePermissionsSchema } from './permissions/effective-permissions.contract';
import { modulePermissionsSchema } from './permissions/permission-settings';
import { staffRoleSchema } from './staff-role';
import { personName, staffUserSchema, staffUserStatuses } from './staff-user.schema';

export type { StaffRole } from './staff-role';
export { personName, type StaffUser, staffUserSchema } from './staff-user.schema';

export const meSchema = component(
  'Me',
  z.extend(staffUserSchema, {
    /** What the caller may do, resolved from role and module permissions, each marked included or granted. */
    effectivePermissions: effectivePermissionsSchema,
  }),
);

export const getMe = defineRoute({
  method: 'GET',
  path: '/me',
  auth: 'staff',
  operationId: 'getMe',
  summary: 'The signed-in staff user and their effective permissions, from the account the token names',
  tags: ['staff'],
  responses: { 200: { description: 'The signed-in staff user', schema: meSchema } },
});

export const updateMeBody = component(
  'UpdateMe',
  z
    .strictObject({
      version: documented(versionNumber(), {
        description: 'The version you read; a stale one answers 409',
      }),
      givenName: z.optional(personName),
      familyName: z.optional(personName),
    })
    .check(
      z.refine((body) => body.givenName !== undefined || body.familyName !== undefined, {
        message: 'give givenName, familyName or both',
      }),
    ),
);

export const updateMe = defineRoute({
  method: 'PATCH',
  path: '/me',
  auth: 'staff',
  operationId: 'updateMe',
  summary: 'Change your own name; optimistic concurrency on `version`',
  tags: ['staff'],
  body: updateMeBody,
  responses: { 200: { description: 'The updated staff user', schema: staffUserSchema } },
});

const email = z.email().check(z.maxLength(254), z.toLowerCase());
const version = documented(versionNumber(), {
  description: 'The version you read; a stale one answers 409',
});
const userIdParams = z.strictObject({ userId: idSchema });
const departmentIds = z.array(idSchema).check(z.maxLength(50));

export const staffUserPageSchema = component(
  'StaffUserPage',
  z.object({ items: z.array(staffUserSchema), cursor: z.optional(z.string()) }),
);

export const listUsers = defineRoute({
  method: 'GET',
  path: '/users',
  auth: 'staff',
  operationId: 'listUsers',
  summary: "The account's staff users by name, one page at a time, optionally of one status or those a search finds",
  tags: ['staff'],
  query: z.strictObject({
    limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
    q: documented(z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(254))), {
      description:
        'Search: the start of the name (family name, then given name) or of the e-mail address, case-insensitive; those found by name first, then those by address only',
    }),
    status: documented(z.optional(z.enum(staffUserStatuses)), {
      description: 'Only staff users with this status (with `q`, those of it the search finds)',
    }),
  }),
  responses: { 200: { description: 'A page of staff users', schema: staffUserPageSchema } },
});

export const getUser = defineRoute({
  method: 'GET',
  path: '/users/{userId}',
  auth: 'staff',
  operationId: 'getUser',
  summary: 'One staff user of the account',
  tags: ['staff'],
  params: userIdParams,
  responses: { 200: { description: 'The staff user', schema: staffUserSchema } },
});

export const createUserBody = component(
  'CreateStaffUser',
  z.strictObject({
    email,
    givenName: personName,
    familyName: personName,
    role: staffRoleSchema,
    departmentIds: z.optional(departmentIds),
    permissions: z.optional(modulePermissionsSchema),
  }),
);

export const createUser = defineRoute({
  method: 'POST',
  path: '/users',
  auth: 'staff',
  operationId: 'createUser',
  summary: 'Create a staff user; Cognito e-mails them a temporary password (user settings access)',
  tags: ['staff'],
  body: createUserBody,
  responses: { 201: { description: 'The new staff user', schema: staffUserSchema } },
});

export const updateUserBody = component(
  'UpdateStaffUser',
  z
    .strictObject({
      version,
      givenName: z.optional(personName),
      familyName: z.optional(personName),
      role: z.optional(staffRoleSchema),
      departmentIds: z.optional(departmentIds),
      /** The whole set of module permissions (omitted ones take their defaults). */
      permissions: z.optional(modulePermissionsSchema),
    })
    .check(
      z.refine((body) => Object.keys(body).length > 1, {
        message: 'give at least one field to change besides version',
      }),
    ),
);

export const updateUser = defineRoute({
  method: 'PATCH',
  path: '/users/{userId}',
  auth: 'staff',
  operationId: 'updateUser',
  summary: "Change a staff user's name, role, departments or module permissions (user settings access)",
  tags: ['staff'],
  params: userIdParams,
  body: updateUserBody,
  responses: { 200: { description: 'The updated staff user', schema: staffUserSchema } },
});

export const versionBody = component('ExpectedVersion', z.strictObject({ version }));

export const disableUser = defineRoute({
  method: 'POST',
  path: '/users/{userId}/disable',
  auth: 'staff',
  operationId: 'disableUser',
  summary: 'Disable a staff user and sign them out everywhere (user settings access)',
  tags: ['staff'],
  params: userIdParams,
  body: versionBody,
  responses: { 200: { description: 'The disabled staff user', schema: staffUserSchema } },
});

export const enableUser = defineRoute({
  method: 'POST',
  path: '/users/{userId}/enable',
  auth: 'staff',
  operationId: 'enableUser',
  summary: 'Enable a disabled staff user again (user settings access)',
  tags: ['staff'],
  params: userIdParams,
  body: versionBody,
  responses: { 200: { description: 'The enabled staff user', schema: staffUserSchema } },
});

export const deleteUser = defineRoute({
  method: 'DELETE',
  path: '/users/{userId}',
  auth: 'staff',
  operationId: 'deleteUser',
  summary:
    "Delete a staff user (user settings access): their sign-in is removed and their e-mail freed; the record stays, marked deleted, because items and history refer to it. Not yourself, and not the account's last active Account Admin",
  tags: ['staff'],
  params: userIdParams,
  responses: { 204: { description: 'Deleted (also when the user was deleted already)' } },
});
