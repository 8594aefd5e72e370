import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import { ConflictError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import type { Action } from '../../staff/permissions/access';
import {
  type Actor,
  actorOf,
  assertReferences,
  changedReferences,
  decideOn,
  enforce,
  enforceEditAfter,
} from '../shared/work-item-access';
import type { CreateJobBody, Job, JobSummary, ListJobsQuery, UpdateJobBody } from './job.contract';
import { deleteJobCollection, insertJob, queryJobPartition, replaceJob, requireJob } from './job-repository';
import { listPageFor } from './job-visibility';

const label = 'job';

function check(actor: Actor, action: Action, job: Pick<Job, 'ownerIds' | 'departmentId' | 'privacyStatusId'>) {
  enforce(decideOn(actor, 'job', action, job), label);
}

/**
 * Creates a job: the caller needs Jobs access, and a grant for its privacy status when it has
 * one (403 otherwise); owners, department and privacy status must exist (400). Requests: the
 * caller's GetItem, then BatchGetItem of the owners and GetItem of the account (in parallel, the
 * latter only when a department or privacy status is given), then one TransactWriteItems.
 */
export async function createJob(caller: StaffCaller, body: CreateJobBody, clock: Clock = systemClock): Promise<Job> {
  const actor = await actorOf(caller);
  check(actor, 'create', body);
  await assertReferences(actor.accountId, body);
  const now = clock().toISOString();
  const job: Job = {
    id: randomUUID(),
    title: body.title,
    description: body.description ?? '',
    dueAt: new Date(body.dueAt).toISOString(),
    location: body.location,
    status: body.status ?? 'open',
    ownerIds: body.ownerIds,
    ...(body.departmentId !== undefined ? { departmentId: body.departmentId } : {}),
    ...(body.categoryId !== undefined ? { categoryId: body.categoryId } : {}),
    ...(body.privacyStatusId !== undefined ? { privacyStatusId: body.privacyStatusId } : {}),
    archived: false,
    version: 1,
    createdBy: actor.userId,
    createdAt: now,
    updatedBy: actor.userId,
    updatedAt: now,
  };
  await insertJob(actor.accountId, job);
  return job;
}

/** A job the caller may see (404 otherwise, whether or not it exists). Two GetItems in parallel. */
export async function getJob(caller: StaffCaller, jobId: string): Promise<Job> {
  const [actor, job] = await Promise.all([actorOf(caller), requireJob(caller.accountId, jobId)]);
  check(actor, 'see', job);
  return job;
}

/** Applies a PATCH body to a job: undefined keeps a field, null removes an optional one. */
function applyChanges(job: Job, body: UpdateJobBody): Job {
  const { version: _version, departmentId, categoryId, privacyStatusId, dueAt, ...fields } = body;
  const next: Job = { ...job };
  for (const [field, value] of Object.entries(fields)) {
    if (value !== undefined) (next as Record<string, unknown>)[field] = value;
  }
  if (dueAt !== undefined) next.dueAt = new Date(dueAt).toISOString();
  const optional = { departmentId, categoryId, privacyStatusId } as const;
  for (const [field, value] of Object.entries(optional)) {
    if (value === null) delete (next as Record<string, unknown>)[field];
    else if (value !== undefined) (next as Record<string, unknown>)[field] = value;
  }
  return next;
}

/**
 * Changes a job if `body.version` is current (409 with the current job otherwise). The caller
 * needs edit on the job as it is and as it would be, and status-change access to change its
 * status. An archived job is read-only (409 JOB_ARCHIVED).
 */
export async function updateJob(
  caller: StaffCaller,
  jobId: string,
  body: UpdateJobBody,
  clock: Clock = systemClock,
): Promise<Job> {
  const [actor, current] = await Promise.all([actorOf(caller), requireJob(caller.accountId, jobId)]);
  check(actor, 'edit', current);
  if (body.status !== undefined && body.status !== current.status) check(actor, 'changeStatus', current);
  if (current.archived) throw new ConflictError('An archived job cannot be changed', undefined, 'JOB_ARCHIVED');
  const changed = applyChanges(current, body);
  enforceEditAfter(actor, 'job', label, changed);
  if (body.version !== current.version) throw staleVersion(current);
  await assertReferences(actor.accountId, changedReferences(current, body));
  const next: Job = {
    ...changed,
    version: current.version + 1,
    updatedBy: actor.userId,
    updatedAt: clock().toISOString(),
  };
  await replaceJob(actor.accountId, current, next);
  return next;
}

const staleVersion = (current: Job) =>
  new ConflictError('This was changed by someone else; reload and try again', { current });

/** Archives a job (admin roles): it moves from the current lists to the archived ones. Idempotent. */
export async function archiveJob(caller: StaffCaller, jobId: string, clock: Clock = systemClock): Promise<Job> {
  const [actor, current] = await Promise.all([actorOf(caller), requireJob(caller.accountId, jobId)]);
  check(actor, 'archive', current);
  if (current.archived) return current;
  const next: Job = {
    ...current,
    archived: true,
    version: current.version + 1,
    updatedBy: actor.userId,
    updatedAt: clock().toISOString(),
  };
  await replaceJob(actor.accountId, current, next);
  return next;
}

/** Deletes a job and every item of its collection that jobs create (admin roles), in one transaction. */
export async function deleteJob(caller: StaffCaller, jobId: string): Promise<void> {
  const [actor, current] = await Promise.all([actorOf(caller), requireJob(caller.accountId, jobId)]);
  check(actor, 'delete', current);
  await deleteJobCollection(actor.accountId, current);
}

/**
 * One page of the jobs the caller may see: the caller's GetItem, then one Query on the partition
 * of the visibility scope the cursor is in (none when the caller may see no job).
 */
export async function listJobs(
  caller: StaffCaller,
  query: ListJobsQuery,
): Promise<{ items: JobSummary[]; cursor?: string }> {
  const actor = await actorOf(caller);
  return listPageFor(actor.effective, actor.userId, actor.accountId, query, queryJobPartition);
}
