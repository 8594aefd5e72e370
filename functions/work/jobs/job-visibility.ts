import { type JobListOptions, keys, type QueryTarget } from '#shared/data/keys';
import type { EffectivePermissions } from '../../staff/permissions/effective-permissions';
import { type VisibilityScope, visibilityScopesFor } from '../../staff/permissions/visibility-scopes';
import { partitionOf, type PartitionReader as ScopedReader, scopedListPage } from '../shared/work-item-list';
import type { JobSummary, ListJobsQuery } from './job.contract';

/**
 * The list partition that holds exactly one visibility scope of jobs (see visibility-scopes.ts),
 * of all statuses or of one: the account's job partition (all), a visibility class (open,
 * confidential), one owner's owner links (openOwnedBy) or one privacy status's privacy links.
 * Project scopes only come from Planning permissions, never for jobs, and throw.
 */
export function jobPartitionFor(accountId: string, scope: VisibilityScope, options: JobListOptions): QueryTarget {
  return keys.jobList(accountId, partitionOf(scope), options);
}

/** Reads one page of one partition: one Query. */
export type PartitionReader = ScopedReader<JobSummary>;

/**
 * One page of the jobs a caller may see: the caller's scopes (disjoint) are walked one after
 * another by the shared work item list (`scopedListPage`), one Query per page on the partition of
 * the scope the cursor is in. No scope: an empty page and no request. A cursor that does not
 * continue one of this caller's scopes in this account is refused (400 INVALID_CURSOR).
 */
export function listPageFor(
  effective: EffectivePermissions,
  userId: string,
  accountId: string,
  query: ListJobsQuery,
  read: PartitionReader,
): Promise<{ items: JobSummary[]; cursor?: string }> {
  const { dueFrom, dueTo, ...rest } = query;
  return scopedListPage(
    visibilityScopesFor(effective, userId, 'job'),
    { ...rest, ...(dueFrom !== undefined ? { from: dueFrom } : {}), ...(dueTo !== undefined ? { to: dueTo } : {}) },
    { from: 'dueFrom', to: 'dueTo' },
    (scope, { range, ...options }) =>
      jobPartitionFor(accountId, scope, { ...options, ...(range ? { due: range } : {}) }),
    read,
  );
}
