/*
 * An independent reference model of "what may this external user see" through the client's read
 * API (issue 18, seeds 001 and 002), written from the issue and the seeds, not from the code. Pure:
 * it decides from plain facts about the person, their accesses, the roles and views, the sites and
 * the items, with no partitions, keys or requests.
 *
 * The rules, as the issue states them:
 * - The person sees nothing (403 ACCESS_REVOKED) unless they are active, before their auto-disable
 *   date, and hold at least one active client access; then nothing (403 TERMS_NOT_ACCEPTED) until
 *   they accept the current terms, if the account has any.
 * - A client access has roles (whose views it allows) and scopes: customers (every job of the
 *   customer, whenever created), specific jobs, and a site (a master site, each sub-site Yes or
 *   No, and whether sub-sites not named are included).
 * - A view is the person's when a role of one of their active accesses allows it; it shows the jobs
 *   of the scopes of those accesses that allow it (FieldPass keeps each access's roles with its own
 *   scopes), filtered by the view (statuses, categories, due dates; a calendar by the range asked).
 *   Anything else is "no such view" (404).
 * - A site's activity (jobs, incidents and logs) is open for a site an active access grants: its own
 *   site, or a sub-site its master's grant gives. A master site shows itself and the sub-sites its
 *   grants give; a sub-site shows itself. Anything else is "no such site" (404).
 * - Never a confidential item (any privacy status), never an archived one.
 */

export interface RefSite {
  id: string;
  /** Set for a sub-site: its master site. */
  parentId?: string;
}

export interface RefItem {
  type: 'job' | 'incident' | 'log';
  id: string;
  customerId?: string;
  siteId?: string;
  confidential: boolean;
  archived: boolean;
  /** Jobs: their status, category and due date. */
  status?: string;
  categoryId?: string;
  dueAt?: string;
}

export interface RefView {
  id: string;
  kind: 'jobs' | 'calendar';
  statuses?: string[];
  categoryIds?: string[];
  dueWithinDays?: number;
  dueFrom?: string;
  dueTo?: string;
}

export interface RefAccess {
  status: 'active' | 'revoked';
  roleIds: string[];
  customerIds: string[];
  jobIds: string[];
  site?: { siteId: string; subSites: Record<string, boolean>; futureSubSites: boolean };
}

export interface RefPerson {
  status: 'active' | 'disabled';
  autoDisableAt?: string;
  acceptedCurrentTerms: boolean;
  accesses: RefAccess[];
}

export interface RefWorld {
  /** role id → the view ids it allows. */
  roles: Record<string, string[]>;
  views: RefView[];
  sites: RefSite[];
  items: RefItem[];
  /** Whether the account has published terms. */
  hasTerms: boolean;
}

export type RefAnswer =
  | { refused: 403; code: 'ACCESS_REVOKED' | 'TERMS_NOT_ACCEPTED' }
  | { refused: 404 }
  | { ids: Set<string> };

/** 403s that come before anything else, or undefined when the person is let in. */
function gate(person: RefPerson, world: RefWorld, now: Date): RefAnswer | undefined {
  const active =
    person.status === 'active' &&
    (person.autoDisableAt === undefined || now.getTime() < Date.parse(person.autoDisableAt)) &&
    person.accesses.some((a) => a.status === 'active');
  if (!active) return { refused: 403, code: 'ACCESS_REVOKED' };
  if (world.hasTerms && !person.acceptedCurrentTerms) return { refused: 403, code: 'TERMS_NOT_ACCEPTED' };
  return undefined;
}

const parentOf = (world: RefWorld, siteId: string | undefined) => world.sites.find((s) => s.id === siteId)?.parentId;

/** Whether a site grant covers an item's site. */
function siteGrantCovers(world: RefWorld, grant: NonNullable<RefAccess['site']>, siteId: string | undefined): boolean {
  if (siteId === undefined) return false;
  if (siteId === grant.siteId) return true;
  // A sub-site of the granted site (only a master site has them): Yes, or not named with future sub-sites.
  if (parentOf(world, siteId) !== grant.siteId) return false;
  return grant.subSites[siteId] ?? grant.futureSubSites;
}

/** Whether an access's scopes hold the job. */
function accessCovers(world: RefWorld, access: RefAccess, job: RefItem): boolean {
  if (job.customerId !== undefined && access.customerIds.includes(job.customerId)) return true;
  if (access.jobIds.includes(job.id)) return true;
  return access.site !== undefined && siteGrantCovers(world, access.site, job.siteId);
}

const dayMs = 86_400_000;

/** The jobs a view shows the person (a calendar view within `range`), or why not. */
export function referenceView(
  world: RefWorld,
  person: RefPerson,
  viewId: string,
  kind: RefView['kind'],
  now: Date,
  range?: { from: string; to: string },
): RefAnswer {
  const refused = gate(person, world, now);
  if (refused) return refused;
  const view = world.views.find((v) => v.id === viewId);
  if (!view || view.kind !== kind) return { refused: 404 };
  const allowing = person.accesses.filter(
    (a) => a.status === 'active' && a.roleIds.some((r) => (world.roles[r] ?? []).includes(viewId)),
  );
  if (allowing.length === 0) return { refused: 404 };
  const ids = new Set<string>();
  for (const job of world.items) {
    if (job.type !== 'job' || job.confidential || job.archived) continue;
    if (!allowing.some((a) => accessCovers(world, a, job))) continue;
    if (view.statuses && !view.statuses.includes(job.status ?? '')) continue;
    if (view.categoryIds && (job.categoryId === undefined || !view.categoryIds.includes(job.categoryId))) continue;
    const due = Date.parse(job.dueAt ?? '');
    if (view.dueWithinDays !== undefined && (due < now.getTime() || due > now.getTime() + view.dueWithinDays * dayMs))
      continue;
    if (view.dueFrom !== undefined && due < Date.parse(view.dueFrom)) continue;
    if (view.dueTo !== undefined && due > Date.parse(view.dueTo)) continue;
    if (range && (due < Date.parse(range.from) || due > Date.parse(range.to))) continue;
    ids.add(job.id);
  }
  return { ids };
}

/** The items of a site's activity the person sees, or why not. */
export function referenceActivity(world: RefWorld, person: RefPerson, siteId: string, now: Date): RefAnswer {
  const refused = gate(person, world, now);
  if (refused) return refused;
  const grants = person.accesses.flatMap((a) => (a.status === 'active' && a.site ? [a.site] : []));
  const direct = grants.filter((g) => g.siteId === siteId);
  const viaMaster = grants.filter((g) => g.siteId !== siteId && siteGrantCovers(world, g, siteId));
  if (direct.length === 0 && viaMaster.length === 0) return { refused: 404 };
  const isMaster = parentOf(world, siteId) === undefined;
  const shows = (itemSite: string | undefined) => {
    if (itemSite === siteId) return true;
    // A master's activity holds the sub-sites its grants give; a sub-site's only itself.
    return (
      isMaster &&
      direct.length > 0 &&
      parentOf(world, itemSite) === siteId &&
      direct.some((g) => siteGrantCovers(world, g, itemSite))
    );
  };
  const ids = new Set<string>();
  for (const item of world.items) {
    if (item.confidential || item.archived) continue;
    if (shows(item.siteId)) ids.add(item.id);
  }
  return { ids };
}

/** What /portal/me answers about views: the ids of every view a role of an active access allows, or why not. */
export function referenceMe(world: RefWorld, person: RefPerson, now: Date): RefAnswer {
  const refused = gate(person, world, now);
  if (refused) return refused;
  const ids = new Set<string>();
  for (const access of person.accesses) {
    if (access.status !== 'active') continue;
    for (const roleId of access.roleIds)
      for (const viewId of world.roles[roleId] ?? []) {
        if (world.views.some((v) => v.id === viewId)) ids.add(viewId);
      }
  }
  return { ids };
}
