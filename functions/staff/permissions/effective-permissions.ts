import * as z from 'zod/mini';
import {
  controlDefaults,
  jobsDefaults,
  type ModuleName,
  moduleNames,
  permissionDefaults,
  planningDefaults,
  type ResolvedPermissions,
  riskAssessmentsDefaults,
  riskDefaults,
} from './permission-defaults';
import type { ModulePermissions } from './permission-settings';
import {
  controlPermissions,
  jobPermissions,
  modulePermissions,
  planningPermissions,
  riskAssessmentPermissions,
  riskPermissions,
} from './permission-settings.schema';
import { fixedSetting, isAdminRole, type SettingsAccess, type StaffRole, settingsAccess } from './roles';

/** "included": fixed by the role, shown greyed out; "granted": set (or left at its default) by module permissions. */
export type PermissionSource = 'included' | 'granted';

/** One module setting as the web client renders it. */
export interface Setting<T> {
  value: T;
  source: PermissionSource;
}

export type EffectiveModules = {
  [M in ModuleName]: { [F in keyof ResolvedPermissions[M]]: Setting<ResolvedPermissions[M][F]> };
};

/**
 * The items an action reaches. Non-confidential items: none, those the user owns, or all, plus (in
 * Planning) specific `projects`. Confidential items are a separate grant, never view-only: none,
 * all, or those with the listed privacy statuses (jobs, incidents, logs) or project ids (planning).
 * For task groups and tasks, the reach applies to the project they belong to.
 */
export interface Reach {
  readonly items: 'none' | 'owned' | 'all';
  readonly projects?: readonly string[];
  readonly confidential: 'none' | 'all' | readonly string[];
}

/** What a user may do to one item type. `create` is the reach a new item (or, for tasks, its project) must be in. */
export interface ItemRights {
  /** The module this item type belongs to is open to the user. */
  access: boolean;
  see: Reach;
  edit: Reach;
  changeStatus: Reach;
  archive: Reach;
  delete: Reach;
  create: Reach;
  /** Risks only: new risks must be drafts (the user cannot change a risk's status). */
  createDraftOnly?: boolean;
}

export const itemTypes = [
  'job',
  'jobCategory',
  'incident',
  'log',
  'project',
  'taskGroup',
  'task',
  'risk',
  'riskAssessment',
] as const;
export type ItemType = (typeof itemTypes)[number];

/**
 * What a permission decision reads of a user: their role and the rights of the item types it is
 * about. Their `EffectivePermissions` hold every type's; a module's rights (`jobsModuleRights`, …)
 * the module's types only, so a function deciding on one type bundles only its module's rules.
 */
export interface Rights {
  role: StaffRole;
  can: Partial<Record<ItemType, ItemRights>>;
}

/**
 * A staff user's module permissions as read for a decision: each module's settings not yet
 * checked. A module's rights (`jobsModuleRights`, …) check that module's settings alone, so a
 * function deciding on one module bundles no other module's schema; every module's are checked
 * before `effectivePermissions` (`checkedPermissions`).
 */
export type StoredPermissions = Readonly<Partial<Record<ModuleName, unknown>>>;

/**
 * The rights a user's role and stored module permissions give: one module's, or every one's
 * (`effectivePermissions` after `checkedPermissions`).
 */
export type RightsOf = (role: StaffRole, stored: StoredPermissions) => Rights;

/**
 * `settings` as `schema` reads them, or zod's error naming each wrong setting: a stored record that
 * does not match its schema is a bug (a 500), never a refusal, as when the whole record is read.
 */
function checkedSettings<S extends z.ZodMiniType>(schema: S, settings: unknown): z.infer<S> {
  const result = z.safeParse(schema, settings);
  if (!result.success) throw result.error;
  return result.data;
}

/** Every module's stored settings, checked (what `effectivePermissions` resolves). */
export const checkedPermissions = (stored: StoredPermissions): ModulePermissions =>
  checkedSettings(modulePermissions, stored);

/** One module's stored settings, checked with that module's schema (none stored: none). */
const settingsOf = <S extends z.ZodMiniType>(schema: S, settings: unknown): z.infer<S> | undefined =>
  settings === undefined ? undefined : checkedSettings(schema, settings);

/** A user's fully resolved permissions: what GET /me returns so the web client can render accordingly. */
export interface EffectivePermissions extends Rights {
  settings: SettingsAccess;
  modules: EffectiveModules;
  can: Record<ItemType, ItemRights>;
}

/** The rights of `type` among `rights`; their absence is a bug (a kind naming another module's rights). */
export function rightsFor(rights: Pick<Rights, 'can'>, type: ItemType): ItemRights {
  const found = rights.can[type];
  if (!found) throw new Error(`the rights of ${type} were not resolved`);
  return found;
}

/**
 * One module's settings with their values and sources: the role's included value, else the stored
 * one, else the default; a setting fixed by another (module off, "see" under "edit: all") shows its
 * fixed value, so stale stored values never count. The module's `defaults` are passed with it, so
 * one module's rights (`jobsModuleRights`, …) bundle no other module's.
 */
function resolveModule<M extends ModuleName>(
  role: StaffRole,
  stored: ModulePermissions,
  module: M,
  defaults: ResolvedPermissions[M],
): Record<string, Setting<unknown>> {
  const saved = (stored[module] ?? {}) as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  const settings: Record<string, Setting<unknown>> = {};
  for (const [field, fallback] of Object.entries(defaults)) {
    const fixed = fixedSetting(role, module, field, fallback, values);
    const value = fixed ? fixed.value : (saved[field] ?? fallback);
    values[field] = value;
    settings[field] = { value, source: fixed?.code === 'PERMISSION_INCLUDED' ? 'included' : 'granted' };
  }
  return settings;
}

/** Every module setting with its value and source (see `resolveModule`). */
export function resolveModules(role: StaffRole, stored: ModulePermissions): EffectiveModules {
  const modules: Record<string, Record<string, Setting<unknown>>> = {};
  for (const module of moduleNames) modules[module] = resolveModule(role, stored, module, permissionDefaults[module]);
  return modules as EffectiveModules;
}

// Frozen: every right without reach shares it, so a caller that mutated it would open everything.
const nothing: Reach = Object.freeze({ items: 'none', confidential: 'none' });

/** An empty list of confidential grants is no grant. */
const confidentialGrant = (grant: 'all' | string[] | boolean): Reach['confidential'] =>
  grant === true || grant === 'all' ? 'all' : Array.isArray(grant) && grant.length > 0 ? grant : 'none';

/** A planning scope as a reach over non-confidential projects. */
function projectReach(scope: 'all' | 'owned' | string[], confidential: Reach['confidential']): Reach {
  if (Array.isArray(scope)) return { items: 'none', projects: scope, confidential };
  return { items: scope, confidential };
}

/** What a user who may edit `edit` and see `see` sees: both (nothing editable is hidden). */
function union(see: Reach, edit: Reach): Reach {
  const rank = { none: 0, owned: 1, all: 2 } as const;
  const items = rank[see.items] >= rank[edit.items] ? see.items : edit.items;
  if (items === 'all') return { items, confidential: see.confidential };
  const projects = [...new Set([...(see.projects ?? []), ...(edit.projects ?? [])])].sort();
  return { items, ...(projects.length ? { projects } : {}), confidential: see.confidential };
}

function rights(access: boolean, see: Reach, edit: Reach, more: Partial<ItemRights> = {}): ItemRights {
  return access
    ? { access, see, edit, changeStatus: edit, archive: nothing, delete: nothing, create: nothing, ...more }
    : {
        access,
        see: nothing,
        edit: nothing,
        changeStatus: nothing,
        archive: nothing,
        delete: nothing,
        create: nothing,
      };
}

type Values = { [M in ModuleName]: ResolvedPermissions[M] };

const valuesOfSettings = (settings: Record<string, Setting<unknown>>) =>
  Object.fromEntries(Object.entries(settings).map(([field, setting]) => [field, setting.value]));

function valuesOf(modules: EffectiveModules): Values {
  const entries = Object.entries(modules).map(([module, settings]) => [module, valuesOfSettings(settings)]);
  return Object.fromEntries(entries) as Values;
}

/** One module's values, as `resolveModules` resolves them for every module. */
const valuesIn = <M extends ModuleName>(
  role: StaffRole,
  saved: ModulePermissions[M],
  module: M,
  defaults: ResolvedPermissions[M],
): Values[M] =>
  valuesOfSettings(resolveModule(role, { [module]: saved } as ModulePermissions, module, defaults)) as Values[M];

function planningRights(p: Values['planning'], admin: boolean): Record<'project' | 'taskGroup' | 'task', ItemRights> {
  const confidential = confidentialGrant(p.confidential);
  const projectAdmin = p.projectAdmin;
  // A Project Admin reaches every non-confidential project whatever the edit and see settings say.
  const edit = projectAdmin ? { items: 'all' as const, confidential } : projectReach(p.edit, confidential);
  const see = projectAdmin ? edit : union(projectReach(p.see, confidential), edit);
  const managed = projectAdmin ? see : nothing;
  const anyProject = { items: 'all' as const, confidential };
  return {
    project: rights(p.access, see, edit, {
      archive: admin ? edit : nothing,
      delete: admin ? edit : nothing,
      create: projectAdmin ? anyProject : nothing,
    }),
    taskGroup: rights(p.access, see, managed, { archive: managed, delete: managed, create: managed }),
    task: rights(p.access, see, edit, { archive: managed, delete: managed, create: edit }),
  };
}

function riskRights(
  r: Values['risk'],
  a: Values['riskAssessments'],
  admin: boolean,
): Record<'risk' | 'riskAssessment', ItemRights> {
  const manager = r.access && r.riskManager;
  // The Risk Manager overrides the edit and see settings, confidential risks included.
  const everything: Reach = { items: 'all', confidential: 'all' };
  const edit = manager ? everything : { items: r.edit, confidential: 'none' as const };
  const see = manager ? everything : union({ items: r.see, confidential: 'none' }, edit);
  const managing = admin || manager ? edit : nothing;
  const assessmentsConfidential = confidentialGrant(a.confidential);
  const assessmentEdit: Reach = { items: a.edit, confidential: assessmentsConfidential };
  const assessmentSee = union({ items: a.see, confidential: assessmentsConfidential }, assessmentEdit);
  const managingAssessments = admin || manager ? assessmentEdit : nothing;
  return {
    risk: rights(r.access, see, edit, {
      changeStatus: managing,
      archive: managing,
      delete: managing,
      create: { items: 'all', confidential: manager ? 'all' : 'none' },
      createDraftOnly: !(admin || manager),
    }),
    riskAssessment: rights(a.access, assessmentSee, assessmentEdit, {
      archive: managingAssessments,
      delete: managingAssessments,
      create: { items: 'all', confidential: assessmentsConfidential },
    }),
  };
}

function controlRights(c: Values['control']): ItemRights {
  const confidential = confidentialGrant(c.confidential);
  const edit: Reach = { items: c.edit, confidential };
  const see = union({ items: c.see, confidential }, edit);
  const managing = c.controlAdmin ? edit : nothing;
  return rights(c.access && c.incidentsAndLogs, see, edit, {
    archive: managing,
    delete: managing,
    create: { items: 'all', confidential },
  });
}

function jobRights(j: Values['jobs'], admin: boolean): Record<'job' | 'jobCategory', ItemRights> {
  const confidential = confidentialGrant(j.confidential);
  const edit: Reach = { items: j.edit, confidential };
  const see = union({ items: j.see, confidential }, edit);
  // Job categories are "other settings": every admin role manages them, everyone in Jobs reads them.
  const settings: Reach = admin ? { items: 'all', confidential: 'none' } : nothing;
  return {
    job: rights(j.access, see, edit, {
      archive: admin ? edit : nothing,
      delete: admin ? edit : nothing,
      create: { items: 'all', confidential },
    }),
    jobCategory: rights(j.access, { items: 'all', confidential: 'none' }, settings, {
      archive: settings,
      delete: settings,
      create: settings,
    }),
  };
}

/**
 * Resolves a user's role and stored module permissions into everything they may do: the settings
 * areas, each module setting (marked included or granted) and, per item type, the reach of each
 * action. `access.ts` decides every request from this, so GET /me shows exactly what is enforced.
 */
export function effectivePermissions(role: StaffRole, stored: ModulePermissions): EffectivePermissions {
  const modules = resolveModules(role, stored);
  const v = valuesOf(modules);
  const admin = isAdminRole(role);
  const control = controlRights(v.control);
  return {
    role,
    settings: settingsAccess(role),
    modules,
    can: {
      ...jobRights(v.jobs, admin),
      incident: control,
      log: control,
      ...planningRights(v.planning, admin),
      ...riskRights(v.risk, v.riskAssessments, admin),
    },
  };
}

// Each module's rights alone, by the same rules as `effectivePermissions` (a unit test checks they
// agree): what the functions of one item type resolve (a work item kind's `rights`).

/** Jobs and job categories: the Jobs module. */
export const jobsModuleRights: RightsOf = (role, stored) => ({
  role,
  can: jobRights(valuesIn(role, settingsOf(jobPermissions, stored.jobs), 'jobs', jobsDefaults), isAdminRole(role)),
});

/** Incidents and logs: the Control module. */
export const controlModuleRights: RightsOf = (role, stored) => {
  const control = controlRights(
    valuesIn(role, settingsOf(controlPermissions, stored.control), 'control', controlDefaults),
  );
  return { role, can: { incident: control, log: control } };
};

/** Projects, task groups and tasks: the Planning module. */
export const planningModuleRights: RightsOf = (role, stored) => ({
  role,
  can: planningRights(
    valuesIn(role, settingsOf(planningPermissions, stored.planning), 'planning', planningDefaults),
    isAdminRole(role),
  ),
});

/** Risks and risk assessments: the Risk and Risk Assessments modules (a Risk Manager manages assessments too). */
export const riskModuleRights: RightsOf = (role, stored) => ({
  role,
  can: riskRights(
    valuesIn(role, settingsOf(riskPermissions, stored.risk), 'risk', riskDefaults),
    valuesIn(
      role,
      settingsOf(riskAssessmentPermissions, stored.riskAssessments),
      'riskAssessments',
      riskAssessmentsDefaults,
    ),
    isAdminRole(role),
  ),
});
