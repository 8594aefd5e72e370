import * as z from 'zod/mini';
import { component } from '#shared/contract';
import { lazySchema } from '#shared/lazy-schema';
import { modulePermissionsSchema } from './permissions/permission-settings';
import { staffRoleSchema } from './staff-role';

// The staff user's schema apart from the staff routes (staff.contract.ts), so the many modules
// that read users bundle it without every route definition.

/**
 * What FieldPass knows of whether e-mail reaches an address (functions/deliverability/): `status`
 * `bounced` (a hard bounce) or `complained` (marked as spam) stop every further e-mail,
 * `deliverable` after an admin's reset; `reason` `hard_bounce`, `complaint` or `reset`; `at` when
 * SES reported it or it was reset; `detail` SES's finer reason; `resetBy` the admin. Absent while
 * nothing was reported. Plain strings: this rides in every staff route's bundle.
 */
export const deliverabilitySchema = /* @__PURE__ */ lazySchema(() =>
  z.optional(
    z.object({
      status: z.string(),
      reason: z.string(),
      at: z.string(),
      detail: z.optional(z.string()),
      resetBy: z.optional(z.string()),
    }),
  ),
);

/** A staff user's states; `deleted`: cannot sign in or be changed, the record stays because items and history refer to it. */
export const staffUserStatuses = ['active', 'disabled', 'deleted'] as const;

/** A staff user as the API shows it. */
export const staffUserSchema = /* @__PURE__ */ component(
  'StaffUser',
  /* @__PURE__ */ lazySchema(() =>
    z.object({
      id: z.string(),
      accountId: z.string(),
      email: z.string(),
      givenName: z.string(),
      familyName: z.string(),
      role: staffRoleSchema,
      status: z.enum(staffUserStatuses),
      departmentIds: z.array(z.string()),
      /** The module permissions chosen for this user (what their role does not include). */
      permissions: modulePermissionsSchema,
      /** Whether e-mail reaches their address: set by SES's bounce and complaint reports. */
      deliverability: deliverabilitySchema,
      version: z.int(),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
);

export type StaffUser = z.infer<typeof staffUserSchema>;

export const personName = /* @__PURE__ */ lazySchema(() =>
  z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100, 'must be at most 100 characters')),
);
