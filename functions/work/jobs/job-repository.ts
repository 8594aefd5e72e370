import * as z from 'zod/mini';
import { keys, type QueryTarget } from '#shared/data/keys';
import {
  deleteItem,
  getItem,
  putDerived,
  putNew,
  putVersioned,
  queryPage,
  staleVersionError,
  type TransactItem,
  transactWrite,
} from '#shared/data/table';
import { ConflictError, NotFoundError } from '#shared/errors';
import type { PartitionPage as SharedPartitionPage } from '../shared/work-item-store';
import { type Job, type JobSummary, jobSchema, jobSummarySchema } from './job.contract';

/** A job item as stored. */
const storedJob = z.extend(jobSchema, { entity: z.literal('Job') });

/** One GetItem: a job of the account, or undefined. */
export async function findJob(accountId: string, jobId: string): Promise<Job | undefined> {
  const item = await getItem(keys.job(accountId, jobId), storedJob);
  if (!item) return undefined;
  const { entity: _entity, ...job } = item;
  return job;
}

const summaryOf = ({ description: _description, ...summary }: Job): JobSummary => summary;

const listFacts = (job: Job) => ({ jobId: job.id, dueAt: job.dueAt, archived: job.archived, status: job.status });

/**
 * Every item of a job's collection as `job` makes them: the job item (in the account's job
 * partition and its visibility class), its status link (the same two, of its status), one owner link per owner (indexed for "owned by" lists
 * only while the job has no privacy status: confidential access never depends on ownership) and
 * a privacy link while it has one. Owner links of owners `previous` had and `job` has not, and a
 * privacy link `job` no longer needs, are deleted.
 */
function collectionWrites(accountId: string, job: Job, previous?: Job): TransactItem[] {
  const facts = listFacts(job);
  const confidential = job.privacyStatusId !== undefined;
  const summary = summaryOf(job);
  const jobItem = {
    ...keys.job(accountId, job.id),
    ...keys.jobIndexes(accountId, { ...facts, confidential }),
    entity: 'Job',
    ...job,
  };
  const writes: TransactItem[] = [previous ? putVersioned(jobItem, previous.version) : putNew(jobItem)];
  writes.push(
    putDerived({
      ...keys.jobStatusLink(accountId, job.id),
      ...keys.jobStatusLinkIndexes(accountId, { ...facts, confidential }),
      entity: 'JobStatusLink',
      ...summary,
    }),
  );
  for (const ownerId of job.ownerIds) {
    writes.push(
      putDerived({
        ...keys.jobOwnerLink(accountId, job.id, ownerId),
        ...(confidential ? {} : keys.jobOwnerLinkIndexes(accountId, ownerId, facts)),
        entity: 'JobOwnerLink',
        ownerId,
        ...summary,
      }),
    );
  }
  for (const ownerId of previous?.ownerIds ?? []) {
    if (!job.ownerIds.includes(ownerId)) writes.push(deleteItem(keys.jobOwnerLink(accountId, job.id, ownerId)));
  }
  if (job.privacyStatusId !== undefined) {
    writes.push(
      putDerived({
        ...keys.jobPrivacyLink(accountId, job.id),
        ...keys.jobPrivacyLinkIndexes(accountId, job.privacyStatusId, facts),
        entity: 'JobPrivacyLink',
        ...summary,
      }),
    );
  } else if (previous?.privacyStatusId !== undefined) {
    writes.push(deleteItem(keys.jobPrivacyLink(accountId, job.id)));
  }
  return writes;
}

/**
 * The answer to a job transaction that was cancelled: 409 with the current job when its version
 * moved on, 404 when it is gone, and a plain 409 when DynamoDB cancelled it for a concurrent
 * transaction on the same items (nothing was written; the client retries).
 */
function jobConflict(failed: { index: number; item?: Record<string, unknown> }[]): Error {
  const job = failed.find((f) => f.index === 0);
  if (!job) return new ConflictError('The job was being changed at the same moment; try again');
  return staleVersionError(jobSchema, job.item);
}

/** One TransactWriteItems: the new job and its links. */
export async function insertJob(accountId: string, job: Job): Promise<void> {
  await transactWrite(collectionWrites(accountId, job), 'A job with this id exists already');
}

/**
 * One TransactWriteItems: replaces the job `previous` with `job` and keeps its links in step, if
 * the stored version is still `previous.version` (409 with the current job otherwise, 404 if gone).
 */
export async function replaceJob(accountId: string, previous: Job, job: Job): Promise<void> {
  await transactWrite(collectionWrites(accountId, job, previous), jobConflict);
}

/** One TransactWriteItems: deletes the job (if still at `job.version`) with its status, owner and privacy links. */
export async function deleteJobCollection(accountId: string, job: Job): Promise<void> {
  const writes: TransactItem[] = [
    deleteItem(keys.job(accountId, job.id), job.version),
    deleteItem(keys.jobStatusLink(accountId, job.id)),
    ...job.ownerIds.map((ownerId) => deleteItem(keys.jobOwnerLink(accountId, job.id, ownerId))),
    ...(job.privacyStatusId !== undefined ? [deleteItem(keys.jobPrivacyLink(accountId, job.id))] : []),
  ];
  await transactWrite(writes, jobConflict);
}

/** One page of one job list partition and where it stopped. */
export type PartitionPage = SharedPartitionPage<JobSummary>;

/**
 * One Query: a page of a job list partition by due date, within the target's due range. `cursor`
 * must come from the same partition (400 INVALID_CURSOR otherwise).
 */
export async function queryJobPartition(
  target: QueryTarget,
  page: { limit: number; cursor?: string },
): Promise<PartitionPage> {
  return queryPage(target, jobSummarySchema, page);
}

/** The job, or 404 when it does not exist in the account. */
export async function requireJob(accountId: string, jobId: string): Promise<Job> {
  const job = await findJob(accountId, jobId);
  if (!job) throw new NotFoundError('No such job');
  return job;
}
