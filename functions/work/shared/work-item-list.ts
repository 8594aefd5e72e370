import { invalidCursorError as invalidCursor } from '#shared/data/cursor';
import {
  type QueryTarget,
  type RowFilter,
  type VisibilityClass,
  type WorkItemType,
  type WorkListOptions,
  workItemList,
} from '#shared/data/keys';
import { ValidationError } from '#shared/errors';
import type { Rights } from '../../staff/permissions/effective-permissions';
import { type VisibilityScope, visibilityScopesFor } from '../../staff/permissions/visibility-scopes';
import { type ListSearch, listSearchOf, titleMatches } from './title-search';
import type { PartitionPage, RowSearch } from './work-item-store';

const defaultLimit = 25;

/** A list request as the service passes it on: the page, the filters and the date range. */
export interface WorkListRequest {
  limit?: number;
  cursor?: string;
  archived?: 'true' | 'false';
  status?: string;
  from?: string;
  to?: string;
  /** Only items this staff user owns. */
  ownerId?: string;
  /** Only items of this department. */
  departmentId?: string;
  /** Jobs, incidents, logs: only items with this privacy status, or `none` for those without one. */
  privacyStatusId?: string;
  /** Risks, assessments, projects: only confidential items (`true`) or only the others (`false`). */
  confidential?: 'true' | 'false';
  /** Jobs and incidents: only items this external user is assigned to now. */
  externalUserId?: string;
  /** Jobs, incidents and logs: only items for this customer. */
  customerId?: string;
  /** Jobs, incidents and logs: only items at this site. */
  siteId?: string;
  /** Jobs and incidents: an item's reference (exact) or words of its title (see `listSearchOf`). */
  q?: string;
}

/** Where the date range came from, so a bad range names the query fields the caller sent. */
export interface RangeFields {
  from: string;
  to: string;
}

/**
 * A route's list query as a list request: its own date range fields (e.g. `dueFrom`, `dueTo`)
 * become `from` and `to`; everything else passes as it is.
 */
export function listRequestOf(query: object, rangeFields: RangeFields): WorkListRequest {
  const { [rangeFields.from]: from, [rangeFields.to]: to, ...rest } = query as Record<string, unknown>;
  return {
    ...(rest as WorkListRequest),
    ...(typeof from === 'string' ? { from } : {}),
    ...(typeof to === 'string' ? { to } : {}),
  };
}

/** The filters of a list request that pick rows and partitions (status and dates are key conditions). */
export interface ListFilters {
  ownerId?: string;
  departmentId?: string;
  /** Jobs and incidents: only items this external user is assigned to now. */
  externalUserId?: string;
  /** Jobs, incidents and logs: only items for this customer. */
  customerId?: string;
  /** Jobs, incidents and logs: only items at this site. */
  siteId?: string;
  /** Only items of this visibility class (the privacy or confidential filter). */
  visibility?: VisibilityClass;
}

/**
 * The filters that have rows of their own (one partition each) and so combine with none of the
 * others but status, privacy and dates; the owner and department filters combine with each other.
 */
const ownRowFilters = ['externalUserId', 'customerId', 'siteId'] as const;

/**
 * The request's filters; 400 naming the field for an external-user, customer or site filter
 * combined with another filter that picks rows (owner, department, or one another).
 */
export function filtersOf(request: WorkListRequest): ListFilters {
  const { privacyStatusId, confidential } = request;
  const picked = (['ownerId', 'departmentId', ...ownRowFilters] as const).filter((name) => request[name] !== undefined);
  const alone = ownRowFilters.find((name) => request[name] !== undefined);
  if (alone !== undefined && picked.length > 1) {
    throw new ValidationError(`Filter by ${alone} alone, or with status, privacy and dates`, [
      {
        path: `query.${alone}`,
        code: 'unsupported_filter_combination',
        message: `cannot be combined with ${picked.filter((name) => name !== alone).join(' or ')}`,
      },
    ]);
  }
  const visibility: VisibilityClass | undefined =
    privacyStatusId === 'none' || confidential === 'false'
      ? { kind: 'open' }
      : confidential === 'true'
        ? { kind: 'confidential' }
        : privacyStatusId !== undefined
          ? { kind: 'privacyStatus', privacyStatusId }
          : undefined;
  return { ...Object.fromEntries(picked.map((name) => [name, request[name]])), ...(visibility ? { visibility } : {}) };
}

/**
 * The caller's scopes narrowed to one visibility class (the privacy or confidential filter): each
 * scope becomes its part within the class, or goes. Scopes stay disjoint.
 */
export function narrowScopes(scopes: readonly VisibilityScope[], visibility?: VisibilityClass): VisibilityScope[] {
  if (!visibility) return [...scopes];
  const narrowed: VisibilityScope[] = [];
  for (const scope of scopes) {
    const confidentialScope =
      scope.kind === 'confidential' || scope.kind === 'privacyStatus' || scope.kind === 'confidentialProjects';
    if (scope.kind === 'all') {
      narrowed.push(
        visibility.kind === 'privacyStatus'
          ? { kind: 'privacyStatus', privacyStatusId: visibility.privacyStatusId }
          : visibility,
      );
    } else if (visibility.kind === 'open') {
      if (!confidentialScope) narrowed.push(scope);
    } else if (visibility.kind === 'confidential') {
      if (confidentialScope) narrowed.push(scope);
    } else if (scope.kind === 'confidential') {
      narrowed.push({ kind: 'privacyStatus', privacyStatusId: visibility.privacyStatusId });
    } else if (scope.kind === 'privacyStatus' && scope.privacyStatusId === visibility.privacyStatusId) {
      narrowed.push(scope);
    }
  }
  return narrowed;
}

/**
 * The list partition that holds exactly one visibility scope of a type under the owner and
 * department filters: the filter's partition of every class (all), of a visibility class (open,
 * confidential, one privacy status), or the owner's rows of open items (openOwnedBy).
 *
 * The external-user, customer and site filters have rows of their own (one per assignee, one for
 * the item's customer, one for its site), never combined with the other filters (the request is
 * refused before: see `filtersOf`).
 *
 * A caller who sees just owned items, filtering by an external user, another owner (the items
 * both own), a customer or a site, reads the (owner, X) rows of open jobs and incidents (WRK-8,
 * kept by the stream consumer): one partition holding exactly their items that X is on. By another
 * owner within a department, the all-classes partition of the same rows in the department (only
 * open items have them). Other types have no such rows: there that page reads the caller's own
 * open rows and keeps the matching ones (a filter the Query applies, see `containing` and
 * `matching`); it reads no more than the caller's own items.
 */
export function partitionOf(
  scope: VisibilityScope,
  filters: ListFilters,
  type?: WorkItemType,
): {
  filter: RowFilter;
  visibility?: VisibilityClass;
  containing?: { name: string; value: string };
  matching?: { name: string; value: string };
} {
  const own = ownRowFilters.find((name) => filters[name] !== undefined);
  const filter: RowFilter = own
    ? { [own]: filters[own] }
    : {
        ...(filters.ownerId !== undefined ? { ownerId: filters.ownerId } : {}),
        ...(filters.departmentId !== undefined ? { departmentId: filters.departmentId } : {}),
      };
  switch (scope.kind) {
    case 'all':
      return { filter };
    case 'open':
    case 'confidential':
      return { filter, visibility: { kind: scope.kind } };
    case 'privacyStatus':
      return { filter, visibility: scope };
    case 'openOwnedBy': {
      const { ownerId } = scope;
      const coOwnerId = filters.ownerId !== undefined && filters.ownerId !== ownerId ? filters.ownerId : undefined;
      if (own === 'externalUserId' || (type !== undefined && pairRowTypes.has(type))) {
        // The caller's items X is on: the (owner, X) rows of open items (WRK-8), one partition
        // holding exactly those.
        if (own !== undefined) return { filter: { ownerId, [own]: filters[own] }, visibility: { kind: 'open' } };
        if (coOwnerId !== undefined) {
          const { departmentId } = filters;
          return departmentId !== undefined
            ? { filter: { ownerId, coOwnerId, departmentId } }
            : { filter: { ownerId, coOwnerId }, visibility: { kind: 'open' } };
        }
      } else if (own !== undefined) {
        // The customer and the site: one value each on the caller's own rows.
        return {
          filter: { ownerId },
          visibility: { kind: 'open' },
          matching: { name: own, value: filters[own] as string },
        };
      }
      return {
        filter: { ...filter, ownerId },
        visibility: { kind: 'open' },
        ...(coOwnerId !== undefined ? { containing: { name: 'ownerIds', value: coOwnerId } } : {}),
      };
    }
    default:
      // Project scopes are read directly (see `DirectScopeReader`).
      throw new Error(`${scope.kind} is not a list partition`);
  }
}

/** The types with (owner, X) rows (WRK-8): jobs and incidents. */
const pairRowTypes: ReadonlySet<WorkItemType> = new Set(['job', 'incident']);

const privacyStatusTypes: ReadonlySet<WorkItemType> = new Set(['job', 'incident', 'log']);

/** The Query target of a scope under the filters (see `partitionOf`). */
export function workListTarget(
  type: WorkItemType,
  accountId: string,
  scope: VisibilityScope,
  filters: ListFilters,
  options: WorkListOptions,
): QueryTarget {
  // Jobs, incidents and logs are confidential by privacy status, each a class of its own: "every
  // confidential one" only comes with seeing all of them, which is scope "all".
  if (scope.kind === 'confidential' && privacyStatusTypes.has(type)) {
    throw new Error(`${type} lists have no confidential class; list each privacy status`);
  }
  const { containing, matching, ...partition } = partitionOf(scope, filters, type);
  const target = workItemList(type, accountId, partition, options);
  return { ...target, ...(containing ? { containing } : {}), ...(matching ? { matching } : {}) };
}

interface ListCursor {
  /** Position of the scope in the caller's scope list. */
  scope: number;
  /** That scope's own partition cursor; absent at the scope's start. */
  key?: string;
}

function encodeListCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** Reads a list cursor; the scope must be one of the caller's (the partition cursor is checked by the Query). */
function decodeListCursor(cursor: string, scopeCount: number): ListCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidCursor();
  const { scope, key, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw invalidCursor();
  if (typeof scope !== 'number' || !Number.isInteger(scope) || scope < 0 || scope >= scopeCount) throw invalidCursor();
  if (key !== undefined && typeof key !== 'string') throw invalidCursor();
  return key === undefined ? { scope } : { scope, key };
}

/**
 * Reads one page of one partition: one Query; with a search (of titles), Queries from where the
 * last stopped while the page is not full, within the search's read bound.
 */
export type PartitionReader<S> = (
  target: QueryTarget,
  page: { limit: number; cursor?: string },
  search?: RowSearch<S>,
) => Promise<PartitionPage<S>>;

/**
 * The most rows a title search reads per request, in Queries of at most `searchReadLimit` rows,
 * across the caller's scopes: the one list filter whose read/returned is not bounded (the page
 * carries a cursor when it stopped there, so the client continues; docs/data-model.md, WRK-9).
 */
export const searchReadBound = 600;
export const searchReadLimit = 200;

/**
 * Reads a scope that is not a partition (specific projects: one BatchGetItem of the listed ids)
 * in one request, whole; undefined for a scope read by Query.
 */
export type DirectScopeReader<S> = (
  scope: VisibilityScope,
  options: WorkListOptions,
  filters: ListFilters,
) => Promise<PartitionPage<S>> | undefined;

/**
 * One page of a list served by disjoint visibility scopes, narrowed by the request's filters:
 * the scopes are walked one after another, one Query per page on the partition of the scope the
 * cursor is in (`workListTarget`); a page ends at the end of a scope. No scope: an empty page and
 * no request. The cursor names the scope and its partition cursor, and is refused (400
 * INVALID_CURSOR) unless it continues one of these scopes (the partition cursor is bound to its
 * partition, so to this account, list and filters).
 */
export async function scopedListPage<S>(
  list: { type: WorkItemType; accountId: string; scopes: readonly VisibilityScope[]; rangeFields: RangeFields },
  request: WorkListRequest,
  read: PartitionReader<S>,
  readDirect?: DirectScopeReader<S>,
): Promise<{ items: S[]; cursor?: string }> {
  const { rangeFields } = list;
  if (request.from && request.to && Date.parse(request.from) > Date.parse(request.to)) {
    throw new ValidationError(`${rangeFields.from} must not be after ${rangeFields.to}`, [
      { path: `query.${rangeFields.from}`, code: 'invalid_range', message: `must not be after ${rangeFields.to}` },
    ]);
  }
  const filters = filtersOf(request);
  const search = searchOf(request);
  const scopes = narrowScopes(list.scopes, filters.visibility);
  if (request.cursor !== undefined && scopes.length === 0) throw invalidCursor();
  if (scopes.length === 0) return { items: [] };
  const position = request.cursor !== undefined ? decodeListCursor(request.cursor, scopes.length) : { scope: 0 };
  const scope = scopes[position.scope];
  if (!scope) throw invalidCursor();
  const range = { ...(request.from ? { from: request.from } : {}), ...(request.to ? { to: request.to } : {}) };
  const options: WorkListOptions = {
    archived: request.archived === 'true',
    ...(request.status !== undefined ? { status: request.status } : {}),
    range,
  };
  const direct = readDirect?.(scope, options, filters);
  // A directly read scope is whole in one page, so a cursor inside it cannot be ours.
  if (direct && position.key !== undefined) throw invalidCursor();
  const limit = request.limit ?? defaultLimit;
  if (direct || search?.kind !== 'title') {
    const page = direct
      ? await direct
      : await read(workListTarget(list.type, list.accountId, scope, filters, options), {
          limit,
          ...(position.key !== undefined ? { cursor: position.key } : {}),
        });
    const next = nextPosition(position, page.cursor, scopes.length);
    return next ? { items: page.items, cursor: encodeListCursor(next) } : { items: page.items };
  }
  // A title search keeps the rows whose title has the words, and goes on into the next scope while
  // the page is not full and the request's read bound allows.
  const { words } = search;
  const tally = { examined: 0 };
  const keep = (row: S) => titleMatches(String((row as { title?: unknown }).title ?? ''), words);
  const items: S[] = [];
  let at: ListCursor | undefined = position;
  while (at && items.length < limit && tally.examined < searchReadBound) {
    const current = scopes[at.scope] as VisibilityScope;
    const left = searchReadBound - tally.examined;
    const page = await read(
      workListTarget(list.type, list.accountId, current, filters, options),
      { limit: limit - items.length, ...(at.key !== undefined ? { cursor: at.key } : {}) },
      { keep, readLimit: Math.min(searchReadLimit, left), readBound: left, tally },
    );
    items.push(...page.items);
    at = nextPosition(at, page.cursor, scopes.length);
  }
  return at ? { items, cursor: encodeListCursor(at) } : { items };
}

/** Where a list goes on after a page of its scope `position.scope`: that scope's rest, the next scope, or nowhere. */
function nextPosition(position: ListCursor, partitionCursor: string | undefined, scopeCount: number) {
  return partitionCursor !== undefined
    ? { scope: position.scope, key: partitionCursor }
    : position.scope + 1 < scopeCount
      ? { scope: position.scope + 1 }
      : undefined;
}

/** One page of the work items of a type a caller may see (see `scopedListPage`): at most one Query. */
export function workListPage<S>(
  type: WorkItemType,
  actor: { effective: Rights; userId: string; accountId: string },
  request: WorkListRequest,
  rangeFields: RangeFields,
  read: PartitionReader<S>,
): Promise<{ items: S[]; cursor?: string }> {
  return scopedListPage(
    { type, accountId: actor.accountId, scopes: visibilityScopesFor(actor.effective, actor.userId, type), rangeFields },
    request,
    read,
  );
}

/** The request's search: 400 naming `q` when it holds no letter or digit. */
export function searchOf(request: WorkListRequest): ListSearch | undefined {
  if (request.q === undefined) return undefined;
  const search = listSearchOf(request.q);
  if (!search) {
    throw new ValidationError('Search for a reference or words of the title', [
      { path: 'query.q', code: 'invalid_search', message: 'must hold a letter or a digit' },
    ]);
  }
  return search;
}

/** What decides whether a list holds an item: its visibility, filter, status, archived and date facts. */
export interface ListedItem {
  ownerIds: readonly string[];
  departmentId?: string | undefined;
  privacyStatusId?: string | undefined;
  confidential?: boolean | undefined;
  status?: string | undefined;
  externalUsers?: readonly string[] | undefined;
  customerId?: string | undefined;
  siteId?: string | undefined;
  archived: boolean;
  /** The date-time the list orders by (a job's `dueAt`, an incident's `raisedAt`). */
  sortAt: string;
}

/** Whether one visibility scope holds an item (the scopes a list walks, as a predicate). */
function scopeHolds(scope: VisibilityScope, item: ListedItem): boolean {
  const confidential = item.privacyStatusId !== undefined || item.confidential === true;
  switch (scope.kind) {
    case 'all':
      return true;
    case 'open':
      return !confidential;
    case 'confidential':
      return confidential;
    case 'privacyStatus':
      return item.privacyStatusId === scope.privacyStatusId;
    case 'openOwnedBy':
      return !confidential && item.ownerIds.includes(scope.ownerId);
    default:
      return false;
  }
}

/**
 * A reference search (WRK-9): the page a list request would show of one item read by its id,
 * which is the item when one of the caller's scopes (narrowed by the privacy or confidential filter)
 * holds it and it meets every other filter, status, archived state and date range of the request;
 * else empty. The request is checked as a list request is (range, filter combinations, `q`), and a
 * cursor is refused: the page is whole.
 */
export function referencePage<S>(
  list: { scopes: readonly VisibilityScope[]; rangeFields: RangeFields },
  request: WorkListRequest,
  found: { item: ListedItem; row: S } | undefined,
): { items: S[] } {
  const { rangeFields } = list;
  if (request.from && request.to && Date.parse(request.from) > Date.parse(request.to)) {
    throw new ValidationError(`${rangeFields.from} must not be after ${rangeFields.to}`, [
      { path: `query.${rangeFields.from}`, code: 'invalid_range', message: `must not be after ${rangeFields.to}` },
    ]);
  }
  const filters = filtersOf(request);
  if (request.cursor !== undefined) throw invalidCursor();
  if (!found) return { items: [] };
  const { item } = found;
  const at = Date.parse(item.sortAt);
  const holds =
    narrowScopes(list.scopes, filters.visibility).some((scope) => scopeHolds(scope, item)) &&
    item.archived === (request.archived === 'true') &&
    (request.status === undefined || item.status === request.status) &&
    (request.from === undefined || at >= Date.parse(request.from)) &&
    (request.to === undefined || at <= Date.parse(request.to)) &&
    (filters.ownerId === undefined || item.ownerIds.includes(filters.ownerId)) &&
    (filters.departmentId === undefined || item.departmentId === filters.departmentId) &&
    (filters.externalUserId === undefined || (item.externalUsers ?? []).includes(filters.externalUserId)) &&
    (filters.customerId === undefined || item.customerId === filters.customerId) &&
    (filters.siteId === undefined || item.siteId === filters.siteId);
  return holds ? { items: [found.row] } : { items: [] };
}
