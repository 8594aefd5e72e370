import * as z from 'zod/mini';
import { component } from '#shared/contract';

/** Every staff user has exactly one role (the seed's four). */
export const staffRoles = ['account_admin', 'user_admin', 'admin', 'general'] as const;
export const staffRoleSchema = /* @__PURE__ */ component('StaffRole', /* @__PURE__ */ z.enum(staffRoles));
export type StaffRole = (typeof staffRoles)[number];
