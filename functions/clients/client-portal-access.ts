import type { Access } from '../external-users/client-access-repository';

/*
 * What a client may read, decided from their records (pure, no I/O): which accesses a view serves,
 * the scopes those accesses give, and whether a job row belongs to a scope and passes a view.
 *
 * An access pairs its roles with its scopes: a view is read with the scopes of the active accesses
 * whose roles allow it, never with the scopes of another access of the same person (two accesses
 * given for two customers under two roles stay apart).
 */

/** What of a role the client's reads need: the views it allows. */
export interface RoleViews {
  id: string;
  viewIds: readonly string[];
}

/** What of a site the client's reads need: its customer, whether it is a sub-site, and of which master. */
export interface SiteFacts {
  id: string;
  customerId?: string | undefined;
  parentSiteId?: string | undefined;
}

/** What of an external view the client's reads need. */
export interface ViewFacts {
  id: string;
  kind: 'jobs' | 'calendar';
  filters: {
    statuses?: readonly string[] | undefined;
    categoryIds?: readonly string[] | undefined;
    dueWithinDays?: number | undefined;
    dueFrom?: string | undefined;
    dueTo?: string | undefined;
  };
}

/**
 * One scope of a client's jobs: one list partition of the open class (a customer's, a site's, a
 * master site's tree), or the specific jobs of an access, read by id.
 */
export type JobScope =
  | { kind: 'customer'; customerId: string }
  | { kind: 'site'; siteId: string }
  /** A master site and its sub-sites, but those in `blocked`. */
  | { kind: 'siteTree'; siteTreeId: string; blocked: readonly string[] }
  | { kind: 'jobs'; jobIds: readonly string[] };

/** What a job's list row says about where it belongs and whether a client may see it at all. */
export interface JobPlace {
  id: string;
  customerId?: string | undefined;
  siteId?: string | undefined;
  siteTreeId?: string | undefined;
  privacyStatusId?: string | undefined;
  archived: boolean;
  status: string;
  dueAt: string;
  categoryId?: string | undefined;
}

/** The active accesses whose roles allow the view (none: the view is not the client's, 404). */
export function accessesAllowing(
  accesses: readonly Access[],
  roles: ReadonlyMap<string, RoleViews>,
  viewId: string,
): Access[] {
  return accesses.filter(
    (access) =>
      access.status === 'active' &&
      access.roleIds.some((roleId) => roles.get(roleId)?.viewIds.includes(viewId) === true),
  );
}

/** Every view the active accesses' roles allow, each once, in the order first met. */
export function viewIdsOf(accesses: readonly Access[], roles: ReadonlyMap<string, RoleViews>): string[] {
  const ids = new Set<string>();
  for (const access of accesses) {
    if (access.status !== 'active') continue;
    for (const roleId of access.roleIds) for (const viewId of roles.get(roleId)?.viewIds ?? []) ids.add(viewId);
  }
  return [...ids];
}

/** Whether a site grant gives a sub-site of its master: named Yes, or not named while future sub-sites are included. */
export function grantsSubSite(site: NonNullable<Access['site']>, subSiteId: string): boolean {
  const named = site.subSites[subSiteId];
  return named ?? site.futureSubSites;
}

/**
 * The job scopes of a site grant. A grant of a sub-site (or of a site that is a sub-site: it has a
 * parent) is that site alone. A master site with its future sub-sites is its tree, less the
 * sub-sites marked No; without them, the master and each sub-site marked Yes, one by one (each an
 * exact partition). A grant whose site is gone gives nothing.
 */
export function siteGrantScopes(grant: NonNullable<Access['site']>, site: SiteFacts | undefined): JobScope[] {
  if (!site || site.id !== grant.siteId) return [];
  if (site.parentSiteId !== undefined) return [{ kind: 'site', siteId: site.id }];
  const named = Object.entries(grant.subSites);
  if (grant.futureSubSites) {
    return [{ kind: 'siteTree', siteTreeId: site.id, blocked: named.filter(([, yes]) => !yes).map(([id]) => id) }];
  }
  return [
    { kind: 'site', siteId: site.id },
    ...named.filter(([, yes]) => yes).map(([siteId]): JobScope => ({ kind: 'site', siteId })),
  ];
}

/**
 * The job scopes of these accesses, in a stable order: customers, sites, then specific jobs (read
 * last, in one request). The same customer or site given twice is one scope, and a site grant of
 * a customer the accesses give whole adds none: a site's jobs are all its customer's (an item's
 * site always belongs to its customer), so its partition would be read only to leave out what the
 * customer's showed.
 */
export function jobScopesOf(accesses: readonly Access[], sites: ReadonlyMap<string, SiteFacts>): JobScope[] {
  const scopes: JobScope[] = [];
  const seen = new Set<string>();
  const add = (scope: JobScope) => {
    const key = JSON.stringify(scope);
    if (seen.has(key)) return;
    seen.add(key);
    scopes.push(scope);
  };
  const customers = new Set(accesses.flatMap((access) => access.customerIds));
  for (const customerId of customers) add({ kind: 'customer', customerId });
  for (const access of accesses) {
    const site = access.site && sites.get(access.site.siteId);
    if (!access.site || (site?.customerId !== undefined && customers.has(site.customerId))) continue;
    for (const scope of siteGrantScopes(access.site, site)) add(scope);
  }
  const jobIds = [...new Set(accesses.flatMap((access) => access.jobIds))];
  if (jobIds.length > 0) scopes.push({ kind: 'jobs', jobIds });
  return scopes;
}

/** Whether a job's row belongs to the scope (the row's own customer, site and tree; never its partition alone). */
export function inScope(scope: JobScope, job: JobPlace): boolean {
  switch (scope.kind) {
    case 'customer':
      return job.customerId === scope.customerId;
    case 'site':
      return job.siteId === scope.siteId;
    case 'siteTree':
      return job.siteTreeId === scope.siteTreeId && job.siteId !== undefined && !scope.blocked.includes(job.siteId);
    case 'jobs':
      return scope.jobIds.includes(job.id);
  }
}

/** What a client never sees, whatever the scope: a confidential job (any privacy status) or an archived one. */
export const shownToClients = (job: { privacyStatusId?: string | undefined; archived: boolean }): boolean =>
  job.privacyStatusId === undefined && !job.archived;

/** The due-date range a view's filters give at `now` (dueWithinDays counts from now). */
export function viewRange(view: ViewFacts, now: Date): { from?: string; to?: string } {
  const { dueWithinDays, dueFrom, dueTo } = view.filters;
  if (dueWithinDays !== undefined) {
    return { from: now.toISOString(), to: new Date(now.getTime() + dueWithinDays * 86_400_000).toISOString() };
  }
  return { ...(dueFrom ? { from: dueFrom } : {}), ...(dueTo ? { to: dueTo } : {}) };
}

/** Two ranges as one: the later start, the earlier end; undefined when they do not meet. */
export function intersectRange(
  a: { from?: string; to?: string },
  b: { from?: string; to?: string },
): { from?: string; to?: string } | undefined {
  const later = (x?: string, y?: string) =>
    x === undefined ? y : y === undefined ? x : Date.parse(x) >= Date.parse(y) ? x : y;
  const earlier = (x?: string, y?: string) =>
    x === undefined ? y : y === undefined ? x : Date.parse(x) <= Date.parse(y) ? x : y;
  const from = later(a.from, b.from);
  const to = earlier(a.to, b.to);
  if (from !== undefined && to !== undefined && Date.parse(from) > Date.parse(to)) return undefined;
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

/** Whether a job passes the view's filters within `range` (statuses, categories, due dates). */
export function passesView(view: ViewFacts, job: JobPlace, range: { from?: string; to?: string }): boolean {
  const { statuses, categoryIds } = view.filters;
  if (statuses && !statuses.includes(job.status)) return false;
  if (categoryIds && (job.categoryId === undefined || !categoryIds.includes(job.categoryId))) return false;
  const due = Date.parse(job.dueAt);
  if (range.from !== undefined && due < Date.parse(range.from)) return false;
  if (range.to !== undefined && due > Date.parse(range.to)) return false;
  return true;
}

/**
 * Which site's activity the client may read, and what of it: the site of one of their active site
 * grants (a master with the sub-sites the grants give, or a site without sub-sites), or a sub-site
 * a grant of its master gives. Anything else, a site of another customer or account included, is
 * 404 like an unknown one. Report e-mails (functions/client-reports/) read a site with this too.
 */
export function activityScope(
  accesses: readonly Access[],
  site: { id: string; parentSiteId?: string | undefined } | undefined,
) {
  if (!site) return undefined;
  const grants = accesses.flatMap((access) => (access.site ? [access.site] : []));
  if (grants.some((grant) => grant.siteId === site.id)) {
    if (site.parentSiteId !== undefined)
      return { partition: { siteId: site.id }, allows: (id?: string) => id === site.id };
    const masterGrants = grants.filter((grant) => grant.siteId === site.id);
    return {
      partition: { siteTreeId: site.id },
      allows: (id?: string) =>
        id !== undefined && (id === site.id || masterGrants.some((grant) => grantsSubSite(grant, id))),
    };
  }
  const parent = site.parentSiteId;
  if (parent !== undefined && grants.some((grant) => grant.siteId === parent && grantsSubSite(grant, site.id))) {
    return { partition: { siteId: site.id }, allows: (id?: string) => id === site.id };
  }
  return undefined;
}
