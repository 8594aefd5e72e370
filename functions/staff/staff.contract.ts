import * as z from 'zod/mini';
import { component, defineRoute, documented } from '#shared/contract';

export const staffRoles = ['account_admin', 'user_admin', 'admin', 'general'] as const;
export const staffRoleSchema = component('StaffRole', z.enum(staffRoles));

/** A staff user as the API shows it. */
export const staffUserSchema = component(
  'StaffUser',
  z.object({
    id: z.string(),
    accountId: z.string(),
    email: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    role: staffRoleSchema,
    status: z.enum(['active', 'disabled']),
    version: z.int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);

export type StaffUser = z.infer<typeof staffUserSchema>;

export const getMe = defineRoute({
  method: 'GET',
  path: '/me',
  auth: 'staff',
  operationId: 'getMe',
  summary: 'The signed-in staff user, read from the account the token names',
  tags: ['staff'],
  responses: { 200: { description: 'The signed-in staff user', schema: staffUserSchema } },
});

const personName = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100, 'must be at most 100 characters'));

export const updateMeBody = component(
  'UpdateMe',
  z
    .strictObject({
      version: documented(z.int().check(z.positive()), {
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
