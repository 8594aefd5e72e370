import type { StaffRole } from '../staff-role';
import { type ModuleName, moduleNames, permissionDefaults, type ResolvedPermissions } from './permission-defaults';

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
 * The value of a module setting that `role` includes, or undefined. Account Admin, User Admin and
 * Admin share "every module, view and edit all": each module's access (and Control's Incidents &
 * Logs), edit and see all, and the managers' powers over non-confidential items (Project Admin,
 * Control Admin). Risk Manager is not among them, because it also opens confidential risks, which
 * only module permissions grant to these roles. The Account Admin's "including all confidential
 * items" adds every confidential grant: all privacy statuses and projects, confidential
 * assessments, and Risk Manager. A rule over the settings' names rather than a table of every
 * module, so a function resolving one module's rights (`jobsModuleRights`, …) bundles no other's.
 */
function includedValue(role: StaffRole, module: ModuleName, field: string): unknown {
  if (role === 'general') return undefined;
  if (field === 'edit' || field === 'see') return 'all';
  if (managedByAdmins.has(field)) return true;
  if (role !== 'account_admin') return undefined;
  if (field === 'riskManager') return true;
  if (field === 'confidential') return module === 'riskAssessments' ? true : 'all';
  return undefined;
}

const managedByAdmins = new Set(['access', 'incidentsAndLogs', 'projectAdmin', 'controlAdmin']);

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
  const included: Record<string, Record<string, unknown>> = {};
  for (const module of moduleNames) {
    const fields = Object.keys(permissionDefaults[module]).flatMap((field) => {
      const value = includedValue(role, module, field);
      return value === undefined ? [] : [[field, value] as const];
    });
    if (fields.length > 0) included[module] = Object.fromEntries(fields);
  }
  return included as IncludedPermissions;
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
 * The value a module setting must have, or undefined when an admin may choose it. `fallback` is
 * its default (`permissionDefaults`), and `earlier` holds the values already resolved for the
 * module's earlier settings (in `permissionDefaults` order). A setting is fixed when the role
 * includes it; at its default when the module (or, in Control, Incidents & Logs) is off; and "see"
 * is "all" while "edit" is "all".
 */
export function fixedSetting(
  role: StaffRole,
  module: ModuleName,
  field: string,
  fallback: unknown,
  earlier: Readonly<Record<string, unknown>>,
): FixedSetting | undefined {
  const included = includedValue(role, module, field);
  if (included !== undefined) {
    return { value: included, code: 'PERMISSION_INCLUDED', because: `the ${role} role includes it` };
  }
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
