import { type JobListOptions, keys, type QueryTarget } from '#shared/data/keys';
import { ValidationError } from '#shared/errors';
import type { EffectivePermissions } from '../../staff/permissions/effective-permissions';
import { type VisibilityScope, visibilityScopesFor } from '../../staff/permissions/visibility-scopes';
import type { JobSummary, ListJobsQuery } from './job.contract';
import type { PartitionPage } from './job-repository';

const defaultLimit = 25;

/**
 * The list partition that holds exactly one visibility scope of jobs (see visibility-scopes.ts),
 * of all statuses or of one: the account's job partition (all), a visibility class (open,
 * confidential), one owner's owner links (openOwnedBy) or one privacy status's privacy links.
 */
export function jobPartitionFor(accountId: string, scope: VisibilityScope, options: JobListOptions): QueryTarget {
  switch (scope.kind) {
    case 'all':
    case 'open':
    case 'confidential':
      return keys.jobList(accountId, { kind: scope.kind }, options);
    case 'openOwnedBy':
      return keys.jobList(accountId, { kind: 'ownedBy', ownerId: scope.ownerId }, options);
    case 'privacyStatus':
      return keys.jobList(accountId, { kind: 'privacyStatus', privacyStatusId: scope.privacyStatusId }, options);
    default:
      // Project scopes only come from Planning permissions, never for jobs.
      throw new Error(`jobs have no ${scope.kind} scope`);
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
export type PartitionReader = (target: QueryTarget, page: { limit: number; cursor?: string }) => Promise<PartitionPage>;

/**
 * One page of the jobs a caller may see: the caller's scopes (disjoint) are walked one after
 * another, one Query per page on the partition of the scope the cursor is in; a page ends at the
 * end of a scope. No scope: an empty page and no request. The cursor names the scope and its
 * partition cursor, and is refused (400 INVALID_CURSOR) unless it continues one of this caller's
 * scopes in this account.
 */
export async function listPageFor(
  effective: EffectivePermissions,
  userId: string,
  accountId: string,
  query: ListJobsQuery,
  read: PartitionReader,
): Promise<{ items: JobSummary[]; cursor?: string }> {
  const scopes = visibilityScopesFor(effective, userId, 'job');
  if (query.cursor !== undefined && scopes.length === 0) throw invalidCursor();
  if (scopes.length === 0) return { items: [] };
  const position = query.cursor !== undefined ? decodeListCursor(query.cursor, scopes.length) : { scope: 0 };
  const scope = scopes[position.scope];
  if (!scope) throw invalidCursor();
  if (query.dueFrom && query.dueTo && Date.parse(query.dueFrom) > Date.parse(query.dueTo)) {
    throw new ValidationError('dueFrom must not be after dueTo', [
      { path: 'query.dueFrom', code: 'invalid_range', message: 'must not be after dueTo' },
    ]);
  }
  const due = { ...(query.dueFrom ? { from: query.dueFrom } : {}), ...(query.dueTo ? { to: query.dueTo } : {}) };
  const target = jobPartitionFor(accountId, scope, {
    archived: query.archived === 'true',
    ...(query.status !== undefined ? { status: query.status } : {}),
    due,
  });
  const page = await read(target, {
    limit: query.limit ?? defaultLimit,
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
