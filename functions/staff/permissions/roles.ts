import type { StaffRole } from '../staff-role';
import { type ModuleName, permissionDefaults, type ResolvedPermissions } from './permission-defaults';

/** A staff user's role: account_admin, user_admin, admin or general. */
export type { StaffRole };

/** The settings areas the web client shows: account settings, user settings, and every other setting. */
export interface SettingsAccess {
  account: boolean;
  users: boolean;
  other: boolean;
}

/** Module settings a role fixes: present fields are included in the role and cannot be changed. */
export type IncludedPermissions = { [M in ModuleName]?: Partial<ResolvedPermissions[M]> };

const settingsByRole: Record<StaffRole, SettingsAccess> = {
  account_admin: { account: true, users: true, other: true },
  user_admin: { account: false, users: true, other: true },
  admin: { account: false, users: false, other: true },
  general: { account: false, users: false, other: false },
};

/**
 * "Every module, view and edit all": what Account Admin, User Admin and Admin share. The managers'
 * powers over non-confidential items (Project Admin, Control Admin) come with it; Risk Manager does
 * not, because it also opens confidential risks, which only module permissions grant to these roles.
 */
const everyModuleViewAndEditAll: IncludedPermissions = {
  planning: { access: true, projectAdmin: true, edit: 'all', see: 'all' },
  risk: { access: true, edit: 'all', see: 'all' },
  riskAssessments: { access: true, edit: 'all', see: 'all' },
  control: { access: true, incidentsAndLogs: true, controlAdmin: true, edit: 'all', see: 'all' },
  jobs: { access: true, edit: 'all', see: 'all' },
  sustainability: { access: true },
};

/** The Account Admin's "including all confidential items". */
const allConfidential: IncludedPermissions = {
  planning: { confidential: 'all' },
  risk: { riskManager: true },
  riskAssessments: { confidential: true },
  control: { confidential: 'all' },
  jobs: { confidential: 'all' },
};

function merge(...parts: IncludedPermissions[]): IncludedPermissions {
  const merged: Record<string, object> = {};
  for (const part of parts) {
    for (const [module, fields] of Object.entries(part)) merged[module] = { ...merged[module], ...fields };
  }
  return merged as IncludedPermissions;
}

const includedByRole: Record<StaffRole, IncludedPermissions> = {
  account_admin: merge(everyModuleViewAndEditAll, allConfidential),
  user_admin: everyModuleViewAndEditAll,
  admin: everyModuleViewAndEditAll,
  general: {},
};

/** The settings areas a role opens. General users have none. */
export function settingsAccess(role: StaffRole): SettingsAccess {
  return { ...settingsByRole[role] };
}

/**
 * True for the roles with every module and view and edit access to all non-confidential items
 * (Account Admin, User Admin, Admin): they also change risk status, archive and delete, and manage
 * job categories (which are "other settings").
 */
export function isAdminRole(role: StaffRole): boolean {
  return role !== 'general';
}

/** The module settings a role includes (shown greyed out; an attempt to change one is refused). */
export function includedPermissions(role: StaffRole): IncludedPermissions {
  return includedByRole[role];
}

/** Why a setting cannot be chosen freely; each is a stable code a web client can switch on. */
export type PermissionViolationCode = 'PERMISSION_INCLUDED' | 'PERMISSION_NEEDS_ACCESS' | 'SEE_FOLLOWS_EDIT';

/** A setting whose value is fixed, with the reason. */
export interface FixedSetting {
  value: unknown;
  code: PermissionViolationCode;
  because: string;
}

const gatedByIncidentsAndLogs = new Set(['controlAdmin', 'edit', 'see', 'confidential']);

/**
 * The value a module setting must have, or undefined when an admin may choose it. `earlier` holds
 * the values already resolved for the module's earlier settings (in `permissionDefaults` order).
 * A setting is fixed when the role includes it; at its default when the module (or, in Control,
 * Incidents & Logs) is off; and "see" is "all" while "edit" is "all".
 */
export function fixedSetting(
  role: StaffRole,
  module: ModuleName,
  field: string,
  earlier: Readonly<Record<string, unknown>>,
): FixedSetting | undefined {
  const included = (includedByRole[role][module] as Record<string, unknown> | undefined)?.[field];
  if (included !== undefined) {
    return { value: included, code: 'PERMISSION_INCLUDED', because: `the ${role} role includes it` };
  }
  const fallback = (permissionDefaults[module] as Record<string, unknown>)[field];
  if (field !== 'access' && earlier.access !== true) {
    return { value: fallback, code: 'PERMISSION_NEEDS_ACCESS', because: `${module}.access is off` };
  }
  if (module === 'control' && gatedByIncidentsAndLogs.has(field) && earlier.incidentsAndLogs !== true) {
    return { value: fallback, code: 'PERMISSION_NEEDS_ACCESS', because: 'control.incidentsAndLogs is off' };
  }
  if (field === 'see' && earlier.edit === 'all') {
    return { value: 'all', code: 'SEE_FOLLOWS_EDIT', because: `${module}.edit is "all", which sees all` };
  }
  return undefined;
}
