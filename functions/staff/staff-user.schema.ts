import * as z from 'zod/mini';
import { component } from '#shared/contract';
import { lazySchema } from '#shared/lazy-schema';
import { modulePermissionsSchema } from './permissions/permission-settings';
import { staffRoleSchema } from './staff-role';

// The staff user's schema apart from the staff routes (staff.contract.ts), so the many modules
// that read users bundle it without every route definition.

/**
 * What FieldPass knows of whether e-mail reaches an address (functions/deliverability/): `bounced`
 * (a hard bounce) or `complained` (marked as spam) stop every further e-mail; `deliverable` after
 * an admin's reset. Absent while nothing was reported.
 */
export const deliverabilitySchema = component(
  'Deliverability',
  lazySchema(() =>
    z.object({
      status: z.enum(['bounced', 'complained', 'deliverable']),
      reason: z.enum(['hard_bounce', 'complaint', 'reset']),
      /** When SES reported it, or when it was reset. */
      at: z.string(),
      /** SES's finer reason: the bounce's subtype, the complaint's feedback type. */
      detail: z.optional(z.string()),
      /** The staff user who reset it. */
      resetBy: z.optional(z.string()),
    }),
  ),
);

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
      /** Whether e-mail reaches their address: set by SES's bounce and complaint reports. */
      deliverability: z.optional(deliverabilitySchema),
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
