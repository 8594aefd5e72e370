import {
  type JobListPartition,
  keys,
  type QueryTarget,
  type WorkItemType,
  type WorkListOptions,
} from '#shared/data/keys';
import { ValidationError } from '#shared/errors';
import type { EffectivePermissions } from '../../staff/permissions/effective-permissions';
import { type VisibilityScope, visibilityScopesFor } from '../../staff/permissions/visibility-scopes';
import type { PartitionPage } from './work-item-store';

const defaultLimit = 25;

/** A list request as the service passes it on: the page, the filters and the date range. */
export interface WorkListRequest {
  limit?: number;
  cursor?: string;
  archived?: 'true' | 'false';
  status?: string;
  from?: string;
  to?: string;
}

/** Where the date range came from, so a bad range names the query fields the caller sent. */
export interface RangeFields {
  from: string;
  to: string;
}

/**
 * The list partition that holds exactly one visibility scope of an item type: the type's
 * partition (all), a visibility class (open, confidential), one owner's owner links
 * (openOwnedBy) or one privacy status's privacy links.
 */
export function partitionOf(scope: VisibilityScope): JobListPartition {
  switch (scope.kind) {
    case 'all':
    case 'open':
    case 'confidential':
      return { kind: scope.kind };
    case 'openOwnedBy':
      return { kind: 'ownedBy', ownerId: scope.ownerId };
    case 'privacyStatus':
      return { kind: 'privacyStatus', privacyStatusId: scope.privacyStatusId };
    default:
      // Project scopes only come from Planning permissions.
      throw new Error(`work items have no ${scope.kind} scope`);
  }
}

interface ListCursor {
  /** Position of the scope in the caller's scope list. */
  scope: number;
  /** That scope's own partition cursor; absent at the scope's start. */
  key?: string;
}

const invalidCursor = () => new ValidationError('The cursor is not valid for this list', undefined, 'INVALID_CURSOR');

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

/** Reads one page of one partition: one Query. */
export type PartitionReader<S> = (
  target: QueryTarget,
  page: { limit: number; cursor?: string },
) => Promise<PartitionPage<S>>;

/**
 * Reads a scope that is not a partition (specific projects: one BatchGetItem of the listed ids)
 * in one request, whole; undefined for a scope read by Query.
 */
export type DirectScopeReader<S> = (
  scope: VisibilityScope,
  options: WorkListOptions,
) => Promise<PartitionPage<S>> | undefined;

/**
 * One page of a list served by disjoint visibility scopes: the scopes are walked one after
 * another, one Query per page on the partition `targetFor` gives for the scope the cursor is in;
 * a page ends at the end of a scope. No scope: an empty page and no request. The cursor names the
 * scope and its partition cursor, and is refused (400 INVALID_CURSOR) unless it continues one of
 * these scopes (the partition cursor is bound to its partition, so to this account and list).
 */
export async function scopedListPage<S>(
  scopes: readonly VisibilityScope[],
  request: WorkListRequest,
  rangeFields: RangeFields,
  targetFor: (scope: VisibilityScope, options: WorkListOptions) => QueryTarget,
  read: PartitionReader<S>,
  readDirect?: DirectScopeReader<S>,
): Promise<{ items: S[]; cursor?: string }> {
  if (request.cursor !== undefined && scopes.length === 0) throw invalidCursor();
  if (scopes.length === 0) return { items: [] };
  const position = request.cursor !== undefined ? decodeListCursor(request.cursor, scopes.length) : { scope: 0 };
  const scope = scopes[position.scope];
  if (!scope) throw invalidCursor();
  if (request.from && request.to && Date.parse(request.from) > Date.parse(request.to)) {
    throw new ValidationError(`${rangeFields.from} must not be after ${rangeFields.to}`, [
      { path: `query.${rangeFields.from}`, code: 'invalid_range', message: `must not be after ${rangeFields.to}` },
    ]);
  }
  const range = { ...(request.from ? { from: request.from } : {}), ...(request.to ? { to: request.to } : {}) };
  const options: WorkListOptions = {
    archived: request.archived === 'true',
    ...(request.status !== undefined ? { status: request.status } : {}),
    range,
  };
  const direct = readDirect?.(scope, options);
  // A directly read scope is whole in one page, so a cursor inside it cannot be ours.
  if (direct && position.key !== undefined) throw invalidCursor();
  const page = direct
    ? await direct
    : await read(targetFor(scope, options), {
        limit: request.limit ?? defaultLimit,
        ...(position.key !== undefined ? { cursor: position.key } : {}),
      });
  const next: ListCursor | undefined =
    page.cursor !== undefined
      ? { scope: position.scope, key: page.cursor }
      : position.scope + 1 < scopes.length
        ? { scope: position.scope + 1 }
        : undefined;
  return next ? { items: page.items, cursor: encodeListCursor(next) } : { items: page.items };
}

/** One page of the incidents or logs a caller may see (see `scopedListPage`): at most one Query. */
export function workListPage<S>(
  type: WorkItemType,
  actor: { effective: EffectivePermissions; userId: string; accountId: string },
  request: WorkListRequest,
  rangeFields: RangeFields,
  read: PartitionReader<S>,
): Promise<{ items: S[]; cursor?: string }> {
  return scopedListPage(
    visibilityScopesFor(actor.effective, actor.userId, type),
    request,
    rangeFields,
    (scope, options) => keys.workItemList(type, actor.accountId, partitionOf(scope), options),
    read,
  );
}
