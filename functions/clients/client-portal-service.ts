import { type Clock, systemClock } from '#shared/clock';
import { invalidCursorError } from '#shared/data/cursor';
import { ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import type { PortalCaller } from '#shared/http';
import { type Access, activeAccesses, hasActiveClientAccess } from '../external-users/client-access-repository';
import { accessRevoked } from '../external-users/external-user-access';
import { termsOf } from '../terms/terms-repository';
import {
  accessesAllowing,
  activityScope,
  inScope,
  intersectRange,
  type JobScope,
  jobScopesOf,
  passesView,
  type RoleViews,
  type SiteFacts,
  shownToClients,
  viewIdsOf,
  viewRange,
} from './client-portal-access';
import {
  type ActivityRow,
  type ClientContext,
  type ClientJobRow,
  type ClientView,
  type DashboardRow,
  findAssignmentsOf,
  findClientContext,
  findClientSettings,
  findJobsById,
  findNames,
  queryScopeJobs,
  querySiteActivity,
  querySiteWindow,
  type ScopePartition,
} from './client-portal-repository';

/*
 * The client's read-only API (seeds 001 and 002). Every request: the caller's records in one
 * BatchGetItem, then 403 ACCESS_REVOKED unless the user is active, not past the auto-disable date
 * and holds an active client access (R12: a revoke takes effect on the next request), then 403
 * TERMS_NOT_ACCEPTED until the current terms are accepted. Only then are roles, views and scopes
 * looked at. Nothing confidential (any privacy status), archived or outside the scopes is ever
 * returned, by list, by id or in a count: the pages read only the open class of the scopes'
 * partitions, and every row is checked against its scope again before it is shown.
 */

const defaultLimit = 25;
/** The longest calendar range a client may ask for. */
export const maxCalendarDays = 62;

/** The checks every client request passes first; answers the client's active accesses. */
function admit(caller: PortalCaller, context: ClientContext, now: Date): Access[] {
  if (!hasActiveClientAccess(context.user, context.clientAccess, now)) {
    throw accessRevoked(caller, 'no active client access, or the external user has no access');
  }
  const current = context.currentTerms;
  if (current && context.acceptedTermsVersion !== current.termsVersion) {
    throw new ForbiddenError('Accept the Terms & Conditions to continue', 'TERMS_NOT_ACCEPTED', {
      terms: termsOf(current),
    });
  }
  return activeAccesses(context.clientAccess);
}

const noSuchView = () => new NotFoundError('No such view', 'VIEW_NOT_FOUND');
const noSuchSite = () => new NotFoundError('No such site', 'SITE_NOT_FOUND');

/** Who I am: the person, the roles and views of my active accesses, their scopes, and my checklist assignments. */
export async function readClientMe(caller: PortalCaller, clock: Clock = systemClock) {
  const now = clock();
  const context = await findClientContext(caller.accountId, caller.externalUserId);
  const accesses = admit(caller, context, now);
  const roleIds = accesses.flatMap((access) => access.roleIds);
  const [{ roles, sites, customers }, assignments] = await Promise.all([
    findClientSettings(caller.accountId, {
      roleIds,
      siteIds: accesses.flatMap((access) => (access.site ? [access.site.siteId] : [])),
      customerIds: accesses.flatMap((access) => access.customerIds),
    }),
    findAssignmentsOf(caller.accountId, caller.externalUserId),
  ]);
  const roleMap = new Map(roles.map((role) => [role.id, role]));
  const { views } = await findClientSettings(caller.accountId, { viewIds: viewIdsOf(accesses, roleMap) });
  const user = context.user as NonNullable<ClientContext['user']>;
  const nameOf = new Map([...customers, ...sites].map((record) => [record.id, record.name]));
  return {
    externalUser: { id: user.id, givenName: user.givenName, familyName: user.familyName, email: user.email },
    roles: roles.map(({ id, name }) => ({ id, name })),
    views: views.map(({ id, name, kind }) => ({ id, name, kind })),
    accesses: accesses.map((access) => ({
      id: access.id,
      roleIds: access.roleIds,
      viewIds: viewIdsOf([access], roleMap),
      customers: access.customerIds.map((id) => ({ id, name: nameOf.get(id) ?? '' })),
      jobIds: access.jobIds,
      ...(access.site
        ? {
            site: {
              id: access.site.siteId,
              name: nameOf.get(access.site.siteId) ?? '',
              subSites: access.site.subSites,
              futureSubSites: access.site.futureSubSites,
            },
          }
        : {}),
    })),
    assignments: assignments
      .filter((assignment) => assignment.status === 'active')
      .map((assignment) => ({ type: assignment.itemType, id: assignment.itemId })),
  };
}

/** The view the path names, if it is one of the client's of this kind, with the accesses that allow it. */
async function openView(caller: PortalCaller, viewId: string, kind: ClientView['kind'], now: Date) {
  const context = await findClientContext(caller.accountId, caller.externalUserId, { viewId });
  const accesses = admit(caller, context, now);
  const view = context.view;
  if (!view || view.kind !== kind) throw noSuchView();
  const { roles, sites } = await findClientSettings(caller.accountId, {
    roleIds: accesses.flatMap((access) => access.roleIds),
    siteIds: accesses.flatMap((access) => (access.site ? [access.site.siteId] : [])),
  });
  const allowing = accessesAllowing(accesses, new Map<string, RoleViews>(roles.map((r) => [r.id, r])), view.id);
  if (allowing.length === 0) throw noSuchView();
  const scopes = jobScopesOf(allowing, new Map<string, SiteFacts>(sites.map((s) => [s.id, s])));
  return { view, scopes };
}

/** One walk step: a scope and, when the view has several statuses, one of them. */
interface Step {
  scope: JobScope;
  status?: string;
}

/** The steps a view's pages walk: each scope, times each status when the view filters by several. */
function stepsOf(scopes: readonly JobScope[], view: ClientView): Step[] {
  const statuses = view.filters.statuses;
  return scopes.flatMap((scope): Step[] =>
    scope.kind === 'jobs' || statuses === undefined || statuses.length === 0
      ? [{ scope }]
      : statuses.map((status) => ({ scope, status })),
  );
}

const partitionOf = (scope: Exclude<JobScope, { kind: 'jobs' }>): ScopePartition =>
  scope.kind === 'customer'
    ? { customerId: scope.customerId }
    : scope.kind === 'site'
      ? { siteId: scope.siteId }
      : { siteTreeId: scope.siteTreeId };

interface WalkCursor {
  step: number;
  key?: string;
}

function encodeWalk(cursor: WalkCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decodeWalk(cursor: string | undefined, steps: number): WalkCursor {
  if (cursor === undefined) return { step: 0 };
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursorError();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidCursorError();
  const { step, key, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof step !== 'number' || !Number.isInteger(step)) throw invalidCursorError();
  if (step < 0 || step >= steps || (key !== undefined && typeof key !== 'string')) throw invalidCursorError();
  return key === undefined ? { step } : { step, key };
}

/**
 * One page of the jobs the view shows within `range`: the steps (scope × status) are walked one
 * after another, like the staff lists' scopes; a page is one Query of the current step's
 * partition, and ends at the end of a step. A job an earlier step already showed (two scopes that
 * overlap) is left out of the later one. Specific jobs are one BatchGetItem, whole in one page.
 */
async function walkJobs(
  caller: PortalCaller,
  view: ClientView,
  scopes: readonly JobScope[],
  range: { from?: string; to?: string } | undefined,
  page: { limit?: number; cursor?: string },
): Promise<{ items: ClientJobRow[]; cursor?: string }> {
  const steps = stepsOf(scopes, view);
  if (steps.length === 0 || range === undefined) {
    if (page.cursor !== undefined) throw invalidCursorError();
    return { items: [] };
  }
  const position = decodeWalk(page.cursor, steps.length);
  const step = steps[position.step] as Step;
  // What an earlier step showed: its scope's jobs (of its status, when the step is one status's).
  const shownBefore = (job: ClientJobRow) =>
    steps
      .slice(0, position.step)
      .some((s) => inScope(s.scope, job) && (s.status === undefined || s.status === job.status));
  const keep = (job: ClientJobRow) =>
    shownToClients(job) &&
    inScope(step.scope, job) &&
    passesView(view, job, range) &&
    (step.status === undefined || job.status === step.status) &&
    !shownBefore(job);
  let result: { items: ClientJobRow[]; cursor?: string };
  if (step.scope.kind === 'jobs') {
    if (position.key !== undefined) throw invalidCursorError();
    const found = await findJobsById(caller.accountId, step.scope.jobIds);
    result = {
      items: found.filter(keep).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || byCode(a.id, b.id)),
    };
  } else {
    const status =
      step.status ?? (view.filters.statuses?.length === 1 ? (view.filters.statuses[0] as string) : undefined);
    result = await queryScopeJobs(
      caller.accountId,
      partitionOf(step.scope),
      { ...(status !== undefined ? { status } : {}), range },
      { limit: page.limit ?? defaultLimit, ...(position.key !== undefined ? { cursor: position.key } : {}) },
      keep,
    );
  }
  const next: WalkCursor | undefined =
    result.cursor !== undefined
      ? { step: position.step, key: result.cursor }
      : position.step + 1 < steps.length
        ? { step: position.step + 1 }
        : undefined;
  return next ? { items: result.items, cursor: encodeWalk(next) } : { items: result.items };
}

/** A job as a jobs view shows it: its id and the view's columns, in the view's order. */
async function shapeJobs(accountId: string, view: ClientView, jobs: readonly ClientJobRow[]) {
  const columns = new Set(view.columns);
  const names = await findNames(accountId, {
    categoryIds: columns.has('category') ? jobs.flatMap((job) => (job.categoryId ? [job.categoryId] : [])) : [],
    customerIds: columns.has('customer') ? jobs.flatMap((job) => (job.customerId ? [job.customerId] : [])) : [],
    siteIds: columns.has('site') ? jobs.flatMap((job) => (job.siteId ? [job.siteId] : [])) : [],
  });
  const ref = (kind: keyof typeof names, id: string | undefined) =>
    id === undefined ? null : { id, name: names[kind].get(id) ?? '' };
  return jobs.map((job) => {
    const shown: Record<string, unknown> = { id: job.id };
    for (const column of view.columns) {
      if (column === 'title') shown.title = job.title;
      else if (column === 'status') shown.status = job.status;
      else if (column === 'dueAt') shown.dueAt = job.dueAt;
      else if (column === 'location') shown.location = job.location;
      else if (column === 'category') shown.category = ref('JobCategory', job.categoryId);
      else if (column === 'customer') shown.customer = ref('Customer', job.customerId);
      else if (column === 'site') shown.site = ref('Site', job.siteId);
      else if (column === 'owners') shown.owners = job.ownerNames ?? [];
      else if (column === 'createdAt') shown.createdAt = job.createdAt;
      else if (column === 'updatedAt') shown.updatedAt = job.updatedAt;
    }
    return shown;
  });
}

/** A page of a jobs view: the jobs the client's scopes allow, shaped by the view (columns, filters). */
export async function readViewJobs(
  caller: PortalCaller,
  viewId: string,
  page: { limit?: number; cursor?: string },
  clock: Clock = systemClock,
) {
  const now = clock();
  const { view, scopes } = await openView(caller, viewId, 'jobs', now);
  const found = await walkJobs(caller, view, scopes, viewRange(view, now), page);
  return {
    view: { id: view.id, name: view.name, columns: view.columns },
    items: await shapeJobs(caller.accountId, view, found.items),
    ...(found.cursor !== undefined ? { cursor: found.cursor } : {}),
  };
}

/** `from` and `to` of a calendar request: both, `to` not before `from`, at most 62 days apart (400 naming the field). */
function calendarRange(from: string, to: string): { from: string; to: string } {
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (end < start) {
    throw new ValidationError('to must not be before from', [
      { path: 'query.to', code: 'invalid_range', message: 'must not be before from' },
    ]);
  }
  if (end - start > maxCalendarDays * 86_400_000) {
    throw new ValidationError(`A calendar shows at most ${maxCalendarDays} days`, [
      { path: 'query.to', code: 'too_big', message: `must be at most ${maxCalendarDays} days after from` },
    ]);
  }
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

/** A page of a calendar view: the due dates of the jobs the client's scopes allow within from–to. */
export async function readViewCalendar(
  caller: PortalCaller,
  viewId: string,
  request: { from: string; to: string; limit?: number; cursor?: string },
  clock: Clock = systemClock,
) {
  const range = calendarRange(request.from, request.to);
  const { view, scopes } = await openView(caller, viewId, 'calendar', clock());
  const found = await walkJobs(caller, view, scopes, intersectRange(range, viewRange(view, clock())), {
    limit: request.limit ?? 100,
    ...(request.cursor !== undefined ? { cursor: request.cursor } : {}),
  });
  return {
    view: { id: view.id, name: view.name },
    from: range.from,
    to: range.to,
    items: found.items.map((job) => ({ id: job.id, title: job.title, dueAt: job.dueAt, status: job.status })),
    ...(found.cursor !== undefined ? { cursor: found.cursor } : {}),
  };
}

/** Code-unit order (DynamoDB's for these ASCII ids), not the locale's. */
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const activityTypes = ['job', 'incident', 'log'] as const;
type ActivityType = (typeof activityTypes)[number];
/** Per type: where its list continues (a cursor), not started (absent), or done (null). */
type ActivityCursor = Partial<Record<ActivityType, string | null>>;

function decodeActivity(cursor: string | undefined): ActivityCursor {
  if (cursor === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursorError();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidCursorError();
  for (const [type, position] of Object.entries(value)) {
    if (!(activityTypes as readonly string[]).includes(type)) throw invalidCursorError();
    if (position !== null && typeof position !== 'string') throw invalidCursorError();
  }
  return value as ActivityCursor;
}

/**
 * A page of a site's activity: its incidents, logs and jobs (and those of the sub-sites the client
 * is granted, for a master site), newest first. One round of three Queries in parallel, one per
 * type, each of `limit` rows of the open class of the site's (or the tree's) partition, newest
 * first; merged by time, the newest `limit` are the page (the union of each type's newest `limit`
 * holds the newest `limit` of all). The cursor keeps each type's place after its last item shown.
 */
export async function readSiteActivity(
  caller: PortalCaller,
  siteId: string,
  page: { limit?: number; cursor?: string },
  clock: Clock = systemClock,
) {
  const now = clock();
  const context = await findClientContext(caller.accountId, caller.externalUserId, { siteId });
  const accesses = admit(caller, context, now);
  const scope = activityScope(accesses, context.site);
  if (!scope || !context.site) throw noSuchSite();
  const positions = decodeActivity(page.cursor);
  const limit = page.limit ?? defaultLimit;
  const keep = (row: ActivityRow) =>
    shownToClients(row) &&
    scope.allows(row.siteId) &&
    ('siteTreeId' in scope.partition ? row.siteTreeId === scope.partition.siteTreeId : row.siteId === siteId);
  const pages = await Promise.all(
    activityTypes.map(async (type) => {
      const position = positions[type];
      if (position === null) return { type, items: [] as ActivityRow[], more: false };
      const read = await querySiteActivity(
        caller.accountId,
        type,
        scope.partition,
        { limit, ...(position !== undefined ? { cursor: position } : {}) },
        keep,
      );
      return { type, items: read.items, more: read.cursor !== undefined, end: read.cursor };
    }),
  );
  const merged = pages
    .flatMap((p) => p.items)
    // Within a type this is the index's own order (time, then id, both descending), so what is
    // shown of a type is a prefix of what was read of it and its cursor can continue after it.
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || byCode(a.type, b.type) || byCode(b.id, a.id));
  const shown = merged.slice(0, limit);
  const next: ActivityCursor = {};
  for (const p of pages) {
    const position = positions[p.type];
    const mine = shown.filter((row) => row.type === p.type);
    if (position === null || (mine.length === p.items.length && !p.more)) next[p.type] = null;
    else if (mine.length === p.items.length) next[p.type] = p.end ?? null;
    else if (mine.length > 0) next[p.type] = (mine.at(-1) as ActivityRow).after;
    else if (position !== undefined) next[p.type] = position;
  }
  const more = activityTypes.some((type) => next[type] !== null);
  return {
    site: { id: context.site.id, name: context.site.name },
    items: shown.map((row) => ({
      type: row.type,
      id: row.id,
      title: row.title,
      at: row.at,
      ...(row.status !== undefined ? { status: row.status } : {}),
      ...(row.siteId !== undefined ? { siteId: row.siteId } : {}),
    })),
    ...(more ? { cursor: Buffer.from(JSON.stringify(next), 'utf8').toString('base64url') } : {}),
  };
}

/** The days a dashboard shows, and the rows it reads of each type at most. */
const dashboardDays = 30;
const dashboardMaxRows = 2000;
const dayMs = 86_400_000;

/** The IANA time zone named (400 naming `query.tz` when it is not one), UTC when none is. */
function timeZoneOf(tz: string | undefined): string {
  if (tz === undefined) return 'UTC';
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    throw new ValidationError('Unknown time zone', [
      { path: 'query.tz', code: 'invalid_time_zone', message: 'must be an IANA time zone, like Europe/London' },
    ]);
  }
}

/**
 * A site's dashboard: the jobs, incidents and logs of the last 30 days (and the jobs due in the
 * next 30) of the site and the sub-sites the client is granted under it, counted by status, and
 * per day in `tz`. One round of three Queries in parallel (CLP-7), one per type, of the same
 * partition and with the same checks as the site's activity; a type with more than 2,000 rows in
 * the window is counted on its newest 2,000 (`truncated`).
 */
export async function readSiteDashboard(
  caller: PortalCaller,
  siteId: string,
  query: { tz?: string },
  clock: Clock = systemClock,
) {
  const timeZone = timeZoneOf(query.tz);
  const now = clock();
  const context = await findClientContext(caller.accountId, caller.externalUserId, { siteId });
  const accesses = admit(caller, context, now);
  const scope = activityScope(accesses, context.site);
  if (!scope || !context.site) throw noSuchSite();
  const keep = (row: DashboardRow) =>
    shownToClients(row) &&
    scope.allows(row.siteId) &&
    ('siteTreeId' in scope.partition ? row.siteTreeId === scope.partition.siteTreeId : row.siteId === siteId);
  const from = new Date(now.getTime() - dashboardDays * dayMs).toISOString();
  const to = now.toISOString();
  const jobsTo = new Date(now.getTime() + dashboardDays * dayMs).toISOString();
  const read = await Promise.all(
    activityTypes.map((type) =>
      querySiteWindow(
        caller.accountId,
        type,
        scope.partition,
        { from, to: type === 'job' ? jobsTo : to },
        dashboardMaxRows,
        keep,
      ),
    ),
  );
  const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const days = [
    ...new Set(
      Array.from({ length: dashboardDays }, (_, i) => dayOf.format(now.getTime() - (dashboardDays - 1 - i) * dayMs)),
    ),
  ];
  const perDay = new Map(days.map((date) => [date, { date, job: 0, incident: 0, log: 0 }]));
  const counts = Object.fromEntries(
    activityTypes.map((type) => [type, { total: 0, byStatus: {} as Record<string, number> }]),
  ) as Record<ActivityType, { total: number; byStatus: Record<string, number> }>;
  for (const row of read.flatMap((r) => r.items)) {
    const at = Date.parse(row.at);
    const day = at <= now.getTime() ? perDay.get(dayOf.format(at)) : undefined;
    // Counted: what happened on the days shown, and the jobs due after now.
    if (!day && at <= now.getTime()) continue;
    if (day) day[row.type] += 1;
    const count = counts[row.type];
    count.total += 1;
    if (row.status !== undefined) count.byStatus[row.status] = (count.byStatus[row.status] ?? 0) + 1;
  }
  return {
    site: { id: context.site.id, name: context.site.name },
    timeZone,
    from,
    to,
    jobsTo,
    counts,
    perDay: [...perDay.values()],
    truncated: read.some((r) => r.truncated),
  };
}
