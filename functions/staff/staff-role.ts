import * as z from 'zod/mini';
import { component } from '#shared/contract';
import { lazySchema } from '#shared/lazy-schema';

/** Every staff user has exactly one role (the seed's four). */
export const staffRoles = ['account_admin', 'user_admin', 'admin', 'general'] as const;
export const staffRoleSchema = component(
  'StaffRole',
  lazySchema(() => z.enum(staffRoles)),
);
export type StaffRole = (typeof staffRoles)[number];
