import { defineRoute, z } from '#shared/contract';

export const staffRoles = ['account_admin', 'user_admin', 'admin', 'general'] as const;
export const staffRoleSchema = z.enum(staffRoles).openapi('StaffRole');

/** A staff user as the API shows it. */
export const staffUserSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    email: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    role: staffRoleSchema,
    status: z.enum(['active', 'disabled']),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('StaffUser');

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

const personName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export const updateMeBody = z
  .strictObject({
    version: z.number().int().positive().openapi({ description: 'The version you read; a stale one answers 409' }),
    givenName: personName.optional(),
    familyName: personName.optional(),
  })
  .refine((body) => body.givenName !== undefined || body.familyName !== undefined, {
    message: 'give givenName, familyName or both',
  })
  .openapi('UpdateMe');

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
