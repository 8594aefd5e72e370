import type { ItemRights, Me, Reach, WorkItem } from './types';

/*
 * What the console shows, from GET /me's effective permissions: a module the user may not use is
 * absent; an action they may not take is disabled with the reason. The API decides again on
 * every request: this only spares the user a refusal.
 */

/**
 * The console's modules: the first path segment, its name in the navigation, and who has it. The
 * navigation lists them in this order; a module a user does not have is left out of it, and its
 * address shows a refusal.
 */
export const modules = {
  jobs: { name: 'Jobs', has: (me: Me) => me.effectivePermissions.can.job.access },
  incidents: { name: 'Incidents', has: (me: Me) => me.effectivePermissions.can.incident.access },
  // Every staff user reads external users (to assign them); changing them is for admin roles.
  'external-users': { name: 'External users', has: () => true },
  // The external-activity view and the terms are for admin roles (the API says so too).
  activity: { name: 'External activity', has: (me: Me) => isAdminRole(me) },
  terms: { name: 'Terms', has: (me: Me) => isAdminRole(me) },
  // Job categories and their checklist templates are "other settings" (admin roles).
  'job-categories': { name: 'Job categories', has: (me: Me) => me.effectivePermissions.settings.other },
  // Staff users, roles and module permissions: user settings (Account Admins and User Admins).
  users: { name: 'Staff users', has: (me: Me) => me.effectivePermissions.settings.users },
  // Customers, sites, external views and roles and client access are "other settings" (seed 003):
  // the API lets admin roles manage them (views, roles and client access: read them too).
  customers: { name: 'Customers', has: (me: Me) => me.effectivePermissions.settings.other },
  'external-views': { name: 'External views', has: (me: Me) => me.effectivePermissions.settings.other },
  'external-roles': { name: 'External roles', has: (me: Me) => me.effectivePermissions.settings.other },
  'client-access': { name: 'Client access', has: (me: Me) => me.effectivePermissions.settings.other },
  // Reports of the items a user may see (the audit trail's for any item they see); imports for who may create items.
  reports: {
    name: 'Reports',
    has: (me: Me) => me.effectivePermissions.can.job.access || me.effectivePermissions.can.incident.access,
  },
  imports: { name: 'Imports', has: (me: Me) => (['job', 'incident'] as const).some((k) => canImport(me, k)) },
  // Feed keys are for admin roles (the API says so too).
  'feed-keys': { name: 'Feed keys', has: (me: Me) => isAdminRole(me) },
} satisfies Record<string, { name: string; has: (me: Me) => boolean }>;

export type Module = keyof typeof modules;

export const isModule = (segment: string): segment is Module => Object.hasOwn(modules, segment);

/** The modules in the navigation, in order. */
export const modulesOf = (me: Me): Module[] =>
  (Object.keys(modules) as Module[]).filter((module) => modules[module].has(me));

const adminRoles = new Set(['account_admin', 'user_admin', 'admin']);
export const isAdminRole = (me: Me) => adminRoles.has(me.role);

/** An import creates items: only for a user who may create them by hand. */
export const canImport = (me: Me, kind: 'job' | 'incident') =>
  me.effectivePermissions.can[kind].access && me.effectivePermissions.can[kind].create.items !== 'none';

/** Why `reach` does not let `me` act on `item`, or undefined when it does. */
function refusal(me: Me, reach: Reach, item: WorkItem | undefined, what: string): string | undefined {
  if (reach.items === 'all') return undefined;
  if (reach.items === 'owned') {
    if (!item || item.ownerIds.includes(me.id)) return undefined;
    return `Only its owners may ${what}.`;
  }
  return `Your permissions do not allow you to ${what}.`;
}

export const rightsOf = (me: Me, kind: 'job' | 'incident'): ItemRights => me.effectivePermissions.can[kind];

export const whyNot = {
  create: (me: Me, kind: 'job' | 'incident') => refusal(me, rightsOf(me, kind).create, undefined, `create ${kind}s`),
  edit: (me: Me, kind: 'job' | 'incident', item: WorkItem) => refusal(me, rightsOf(me, kind).edit, item, 'change it'),
  changeStatus: (me: Me, kind: 'job' | 'incident', item: WorkItem) =>
    refusal(me, rightsOf(me, kind).changeStatus, item, 'change its status'),
  archive: (me: Me, kind: 'job' | 'incident', item: WorkItem) =>
    refusal(me, rightsOf(me, kind).archive, item, 'archive it'),
  manageExternalUsers: (me: Me) =>
    isAdminRole(me) ? undefined : 'Only Account Admins, User Admins and Admins change external users.',
  promote: (me: Me) =>
    me.effectivePermissions.settings.users
      ? undefined
      : 'Promoting needs user settings access (Account Admin or User Admin).',
  manageSettings: (me: Me) =>
    me.effectivePermissions.settings.other ? undefined : 'Only Account Admins, User Admins and Admins change settings.',
};
