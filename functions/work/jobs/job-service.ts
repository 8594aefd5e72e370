import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { findAccount } from '../../accounts/account-repository';
import { type Action, type Decision, decideFor, type WorkItem } from '../../staff/permissions/access';
import { type EffectivePermissions, effectivePermissions } from '../../staff/permissions/effective-permissions';
import { readMe } from '../../staff/staff-service';
import type { CreateJobBody, Job, JobSummary, ListJobsQuery, UpdateJobBody } from './job.contract';
import {
  activeStaffUserIds,
  deleteJobCollection,
  insertJob,
  queryJobPartition,
  replaceJob,
  requireJob,
} from './job-repository';
import { listPageFor } from './job-visibility';

/** The caller as a permission decision needs them: id and effective permissions, read from DynamoDB. */
interface Actor {
  accountId: string;
  userId: string;
  effective: EffectivePermissions;
}

async function actorOf(caller: StaffCaller): Promise<Actor> {
  const me = await readMe(caller);
  return { accountId: caller.accountId, userId: me.id, effective: effectivePermissions(me.role, me.permissions) };
}

const asWorkItem = (job: Pick<Job, 'ownerIds' | 'departmentId' | 'privacyStatusId'>): WorkItem => ({
  type: 'job',
  ownerIds: job.ownerIds,
  ...(job.departmentId !== undefined ? { departmentId: job.departmentId } : {}),
  ...(job.privacyStatusId !== undefined ? { privacyStatusId: job.privacyStatusId } : {}),
});

/** Throws the answer a refusal maps to: 404 NOT_FOUND (the job stays hidden) or 403 with its code. */
function enforce(decision: Decision): void {
  if (decision.allowed) return;
  if (decision.status === 404) throw new NotFoundError('No such job');
  throw new ForbiddenError('You may not do this to this job', decision.code);
}

function check(actor: Actor, action: Action, job: Pick<Job, 'ownerIds' | 'departmentId' | 'privacyStatusId'>) {
  enforce(decideFor(actor.effective, actor.userId, action, asWorkItem(job)));
}

/**
 * New owners must be active staff users of the account (one BatchGetItem); a new department or
 * privacy status must exist, not archived, in the account (one GetItem). Both run in parallel and
 * only when the request names them. 400 naming each bad field otherwise.
 */
async function assertReferences(
  accountId: string,
  refs: { ownerIds?: readonly string[]; departmentId?: string; privacyStatusId?: string },
): Promise<void> {
  const needAccount = refs.departmentId !== undefined || refs.privacyStatusId !== undefined;
  const [active, account] = await Promise.all([
    refs.ownerIds ? activeStaffUserIds(accountId, refs.ownerIds) : undefined,
    needAccount ? findAccount(accountId) : undefined,
  ]);
  const issues: { path: string; code: string; message: string }[] = [];
  refs.ownerIds?.forEach((id, i) => {
    if (!active?.has(id))
      issues.push({ path: `body.ownerIds.${i}`, code: 'unknown_owner', message: `no active staff user ${id}` });
  });
  const live = (entries: { id: string; archived: boolean }[] | undefined, id: string) =>
    (entries ?? []).some((entry) => entry.id === id && !entry.archived);
  if (refs.departmentId !== undefined && !live(account?.departments, refs.departmentId)) {
    issues.push({
      path: 'body.departmentId',
      code: 'unknown_department',
      message: `no department ${refs.departmentId}`,
    });
  }
  if (refs.privacyStatusId !== undefined && !live(account?.privacyStatuses, refs.privacyStatusId)) {
    issues.push({
      path: 'body.privacyStatusId',
      code: 'unknown_privacy_status',
      message: `no privacy status ${refs.privacyStatusId}`,
    });
  }
  if (issues.length) throw new ValidationError('Some owners, departments or privacy statuses are not valid', issues);
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
  const after = decideFor(actor.effective, actor.userId, 'edit', asWorkItem(changed));
  if (!after.allowed) {
    // The caller sees the job now, so a change that would take it out of their reach is a 403, not a 404.
    const code = after.status === 403 ? after.code : changed.privacyStatusId ? 'CONFIDENTIAL_DENIED' : 'EDIT_DENIED';
    throw new ForbiddenError('You would not be allowed to edit the job after this change', code);
  }
  if (body.version !== current.version) throw staleVersion(current);
  await assertReferences(actor.accountId, {
    ...(body.ownerIds ? { ownerIds: body.ownerIds } : {}),
    ...(body.departmentId && body.departmentId !== current.departmentId ? { departmentId: body.departmentId } : {}),
    ...(body.privacyStatusId && body.privacyStatusId !== current.privacyStatusId
      ? { privacyStatusId: body.privacyStatusId }
      : {}),
  });
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
