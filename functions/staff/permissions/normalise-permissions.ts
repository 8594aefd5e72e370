import { moduleNames, permissionDefaults } from './permission-defaults';
import type { ModulePermissions } from './permission-settings';
import { fixedSetting, type PermissionViolationCode, type StaffRole } from './roles';

/** One setting an admin may not send as they did; `path` names it, e.g. "jobs.access". */
export interface PermissionViolation {
  path: string;
  code: PermissionViolationCode;
  message: string;
}

export type NormalisedPermissions =
  | { ok: true; permissions: ModulePermissions }
  | { ok: false; violations: PermissionViolation[] };

/** Id lists compare and store as sets: sorted, without duplicates. */
function canonical(value: unknown): unknown {
  return Array.isArray(value) ? [...new Set(value)].sort() : value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Turns the module permissions an admin sent for a user of `role` (the whole set, as on a PUT)
 * into what is stored on the user item, or lists every setting that cannot be as sent.
 *
 * A setting is fixed when the role includes it (PERMISSION_INCLUDED), when its module, or
 * Control's Incidents & Logs, is off (PERMISSION_NEEDS_ACCESS: it keeps its default), or when it
 * is a "see" while "edit" is "all" (SEE_FOLLOWS_EDIT: it is "all"). Sending a fixed setting with
 * the value it is fixed at is accepted, so a client may echo greyed-out values back; any other
 * value is an attempt to change it and is refused, naming the setting. Omitted settings take their
 * defaults. Only free choices are stored: nothing the role includes (a later role change must send
 * permissions again), nothing about a module the user cannot access, and no "see" fixed by "edit".
 */
export function normaliseModulePermissions(role: StaffRole, requested: ModulePermissions): NormalisedPermissions {
  const violations: PermissionViolation[] = [];
  const stored: Record<string, Record<string, unknown>> = {};
  for (const module of moduleNames) {
    const sent = (requested[module] ?? {}) as Record<string, unknown>;
    const values: Record<string, unknown> = {};
    const chosen: Record<string, unknown> = {};
    for (const [field, fallback] of Object.entries(permissionDefaults[module])) {
      const wanted = canonical(sent[field]);
      const fixed = fixedSetting(role, module, field, fallback, values);
      if (!fixed) {
        values[field] = chosen[field] = wanted ?? fallback;
        continue;
      }
      values[field] = fixed.value;
      if (wanted !== undefined && !same(wanted, fixed.value)) {
        const path = `${module}.${field}`;
        violations.push({ path, code: fixed.code, message: `${path} cannot be changed: ${fixed.because}` });
      }
    }
    if (values.access === true && Object.keys(chosen).length > 0) stored[module] = chosen;
  }
  return violations.length > 0 ? { ok: false, violations } : { ok: true, permissions: stored as ModulePermissions };
}
