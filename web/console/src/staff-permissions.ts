import { permissionDefaults } from '../../../functions/staff/permissions/permission-defaults';
import { fixedSetting } from '../../../functions/staff/permissions/roles';
import { h, uid } from '../../src/dom';
import type { ModulePermissions, StaffRole } from './types';

/*
 * A staff user's module permissions as seed 003 describes them, for the staff users screen. The
 * rules are the API's own (functions/staff/permissions/roles.ts, bundled here: a few hundred
 * bytes): a setting the role includes is shown with the role's value, greyed out and not
 * changeable, with the reason; so is one that waits for its module's access (or Control's
 * Incidents & Logs), and "see" while "edit" is all. The rest are toggles. What it sends is the
 * whole set of free choices, as PATCH /users/{id} takes it.
 */

type ModuleName = keyof typeof permissionDefaults;
type Value = boolean | string | string[];

export const roleNames: Record<StaffRole, string> = {
  account_admin: 'Account Admin',
  user_admin: 'User Admin',
  admin: 'Admin',
  general: 'General',
};

const moduleLabels: Record<ModuleName, string> = {
  planning: 'Planning',
  risk: 'Risk',
  riskAssessments: 'Risk assessments',
  control: 'Control',
  jobs: 'Jobs',
  sustainability: 'Sustainability',
};

/** Each setting's label; `access` names its module. */
const labels: Record<string, string> = {
  access: 'Can access',
  projectAdmin: 'Project Admin',
  riskManager: 'Risk Manager',
  incidentsAndLogs: 'Can access Incidents & Logs',
  controlAdmin: 'Control Admin',
  edit: 'Edit access',
  see: 'See access',
  confidential: 'Confidential items',
};

const accessLabel = (module: ModuleName) =>
  module === 'riskAssessments' ? 'Can access Risk Assessments' : `Can access ${moduleLabels[module]} module`;

interface Control {
  element: HTMLElement;
  get(): Value;
  set(value: Value): void;
  fix(reason: string | undefined): void;
}

/** A labelled control with a reason line, read with it, that says why it is fixed. */
function withReason(element: HTMLElement, input: HTMLInputElement | HTMLSelectElement) {
  const reason = h('span', { id: uid('why'), className: 'reason', hidden: true });
  input.setAttribute('aria-describedby', reason.id);
  element.append(reason);
  return (text: string | undefined) => {
    input.disabled = text !== undefined;
    reason.hidden = text === undefined;
    reason.textContent = text ?? '';
  };
}

function checkbox(label: string): Control {
  const input = h('input', { type: 'checkbox', id: uid('perm') });
  const element = h('div', { className: 'check perm' }, input, h('label', { htmlFor: input.id }, label));
  return {
    element,
    get: () => input.checked,
    set(value) {
      input.checked = value === true;
    },
    fix: withReason(element, input),
  };
}

/** all / owned (and, for planning, a list of specific projects the console keeps as it is). */
function scope(label: string, module: ModuleName): Control {
  const dept = module === 'planning' ? 'All projects' : 'All departments';
  const input = h(
    'select',
    { id: uid('perm') },
    h('option', { value: 'all' }, dept),
    h('option', { value: 'owned' }, 'Just owned items'),
  );
  let specific: string[] | undefined;
  const element = h('div', { className: 'field perm' }, h('label', { htmlFor: input.id }, label), input);
  return {
    element,
    get: () => (input.value === 'specific' && specific ? specific : input.value),
    set(value) {
      input.querySelector('option[value="specific"]')?.remove();
      if (Array.isArray(value)) {
        specific = value;
        input.append(h('option', { value: 'specific' }, `${value.length} specific projects`));
        input.value = 'specific';
      } else input.value = String(value);
    },
    fix: withReason(element, input),
  };
}

/** Confidential items by privacy status (Control, Jobs), or all / none (Planning). */
function confidential(module: ModuleName, statuses: { id: string; name: string }[]): Control {
  if (module === 'planning') {
    const input = h(
      'select',
      { id: uid('perm') },
      h('option', { value: 'none' }, 'None'),
      h('option', { value: 'all' }, 'All confidential projects'),
    );
    let specific: string[] = [];
    const element = h(
      'div',
      { className: 'field perm' },
      h('label', { htmlFor: input.id }, 'Confidential projects (see and edit)'),
      input,
    );
    return {
      element,
      get: () => (input.value === 'all' ? 'all' : input.value === 'specific' ? specific : []),
      set(value) {
        input.querySelector('option[value="specific"]')?.remove();
        if (Array.isArray(value) && value.length) {
          specific = value;
          input.append(h('option', { value: 'specific' }, `${value.length} specific projects`));
          input.value = 'specific';
        } else input.value = value === 'all' ? 'all' : 'none';
      },
      fix: withReason(element, input),
    };
  }
  const boxes = statuses.map((status) => {
    const input = h('input', { type: 'checkbox', id: uid('perm'), value: status.id });
    return { input, element: h('div', { className: 'check' }, input, h('label', { htmlFor: input.id }, status.name)) };
  });
  const reason = h('p', { id: uid('why'), className: 'reason', hidden: true });
  const element = h(
    'fieldset',
    { className: 'perm', attrs: { 'aria-describedby': reason.id } },
    h('legend', {}, `Confidential ${moduleLabels[module].toLowerCase()} by privacy status (see and edit)`),
    ...(boxes.length
      ? boxes.map((b) => b.element)
      : [h('p', { className: 'meta' }, 'The account has no privacy statuses.')]),
    reason,
  );
  return {
    element,
    get: () => boxes.filter((b) => b.input.checked).map((b) => b.input.value),
    set(value) {
      for (const b of boxes)
        b.input.checked = value === 'all' || (Array.isArray(value) && value.includes(b.input.value));
    },
    fix(text) {
      for (const b of boxes) b.input.disabled = text !== undefined;
      reason.hidden = text === undefined;
      reason.textContent = text ?? '';
    },
  };
}

function controlFor(module: ModuleName, field: string, statuses: { id: string; name: string }[]): Control {
  if (field === 'edit' || field === 'see') return scope(labels[field] ?? field, module);
  if (field === 'confidential' && module !== 'riskAssessments') return confidential(module, statuses);
  if (field === 'confidential') return checkbox('Confidential risk assessments (see and edit)');
  return checkbox(field === 'access' ? accessLabel(module) : (labels[field] ?? field));
}

/** Why a fixed setting is as it is, in the console's words. */
function because(code: string, role: StaffRole, module: ModuleName, field: string): string {
  if (code === 'PERMISSION_INCLUDED') return `Included in the ${roleNames[role]} role.`;
  if (code === 'SEE_FOLLOWS_EDIT') return 'Edit access to all items sees all.';
  if (module === 'control' && field !== 'incidentsAndLogs' && field !== 'access')
    return 'Needs Can access Incidents & Logs.';
  return `Needs ${accessLabel(module)}.`;
}

/**
 * The editor: one fieldset per module. `role()` is the role being chosen (the form's select), so a
 * role change greys out and fills in what the new role includes at once; call `refresh()` then.
 */
export function permissionsEditor(
  stored: ModulePermissions,
  role: () => StaffRole,
  statuses: { id: string; name: string }[],
  disabled: string | undefined,
) {
  const controls = new Map<string, Control>();
  // The free choices, kept while a setting is fixed, so fixing and freeing it again restores them.
  const chosen = new Map<string, Value>();
  const sections: HTMLElement[] = [];
  for (const module of Object.keys(permissionDefaults) as ModuleName[]) {
    const fieldset = h('fieldset', { className: 'module-permissions' }, h('legend', {}, moduleLabels[module]));
    const defaults = permissionDefaults[module] as Record<string, Value>;
    const saved = ((stored as Record<string, Record<string, Value> | undefined>)[module] ?? {}) as Record<
      string,
      Value
    >;
    for (const field of Object.keys(defaults)) {
      const control = controlFor(module, field, statuses);
      const key = `${module}.${field}`;
      chosen.set(key, saved[field] ?? (defaults[field] as Value));
      controls.set(key, control);
      control.element.addEventListener('change', () => {
        chosen.set(key, control.get());
        refresh();
      });
      fieldset.append(control.element);
    }
    sections.push(fieldset);
  }

  function refresh(): void {
    for (const module of Object.keys(permissionDefaults) as ModuleName[]) {
      const earlier: Record<string, unknown> = {};
      for (const [field, fallback] of Object.entries(permissionDefaults[module])) {
        const key = `${module}.${field}`;
        const control = controls.get(key) as Control;
        const fixed = fixedSetting(role(), module, field, fallback, earlier);
        const value = fixed ? (fixed.value as Value) : (chosen.get(key) as Value);
        earlier[field] = value;
        control.set(value);
        control.fix(fixed ? because(fixed.code, role(), module, field) : undefined);
      }
    }
  }
  refresh();

  return {
    // A user who may not change these sees them in a disabled fieldset, with the reason once.
    element: h(
      'fieldset',
      { className: 'permissions', disabled: disabled !== undefined },
      h('legend', {}, 'Module permissions'),
      disabled ? h('p', { className: 'reason' }, disabled) : null,
      ...sections,
    ),
    refresh,
    /** The whole set of free choices for the chosen role (fixed ones are left out: they take their value). */
    value(): ModulePermissions {
      const out: Record<string, Record<string, Value>> = {};
      for (const module of Object.keys(permissionDefaults) as ModuleName[]) {
        const earlier: Record<string, unknown> = {};
        for (const [field, fallback] of Object.entries(permissionDefaults[module])) {
          const key = `${module}.${field}`;
          const fixed = fixedSetting(role(), module, field, fallback, earlier);
          earlier[field] = fixed ? fixed.value : chosen.get(key);
          if (!fixed) out[module] = { ...out[module], [field]: chosen.get(key) as Value };
        }
      }
      return out as ModulePermissions;
    },
  };
}
