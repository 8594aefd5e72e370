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
