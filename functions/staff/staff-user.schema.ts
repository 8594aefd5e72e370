import * as z from 'zod/mini';
import { component } from '#shared/contract';
import { lazySchema } from '#shared/lazy-schema';
import { modulePermissionsSchema } from './permissions/permission-settings';
import { staffRoleSchema } from './staff-role';

// The staff user's schema apart from the staff routes (staff.contract.ts), so the many modules
// that read users bundle it without every route definition.

/** A staff user as the API shows it. */
export const staffUserSchema = component(
  'StaffUser',
  lazySchema(() =>
    z.object({
      id: z.string(),
      accountId: z.string(),
      email: z.string(),
      givenName: z.string(),
      familyName: z.string(),
      role: staffRoleSchema,
      /** `deleted`: cannot sign in or be changed; the record stays because items and history refer to it. */
      status: z.enum(['active', 'disabled', 'deleted']),
      departmentIds: z.array(z.string()),
      /** The module permissions chosen for this user (what their role does not include). */
      permissions: modulePermissionsSchema,
      version: z.int(),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
);

export type StaffUser = z.infer<typeof staffUserSchema>;

export const personName = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100, 'must be at most 100 characters'));
