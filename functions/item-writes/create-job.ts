import { randomUUID } from 'node:crypto';
import type { Clock } from '#shared/clock';
import type { Step } from '#shared/data/types';
import type { StaffCaller } from '#shared/http';
import { newItemAssigneeHooks } from '../assignments/assignees';
import { newChecklistWrites } from '../checklists/checklist-repository';
import { checklistFromTemplate } from '../checklists/templates/checklist-template';
import { listCategoryTemplates } from '../checklists/templates/checklist-template-repository';
import type { CreateJobBody, Job } from '../work/jobs/job.contract';
import { jobKind } from '../work/jobs/job-service';
import { customerSiteHooks } from '../work/shared/customer-site';
import { createWorkItem, type ItemWrite } from '../work/shared/work-item-service';

// Creating a job lives apart from job-writes.ts so that only this route's bundle carries the
// checklist schemas the templates need.

/**
 * Each checklist template of the new job's category as a checklist of the job, for all its
 * external users: one Query (beside the category's GetItem), and a Put each in the job's transaction.
 */
async function templateChecklists(write: ItemWrite<Job>, categoryId: string): Promise<Step[]> {
  const templates = await listCategoryTemplates(write.accountId, categoryId);
  const copy = {
    jobId: write.itemId,
    audience: { all: true as const },
    at: write.now.toISOString(),
    by: write.actorId,
  };
  return templates.flatMap((template) =>
    newChecklistWrites(write.accountId, checklistFromTemplate(template, { ...copy, id: randomUUID() })),
  );
}

/** Jobs as a new one is written: with its external users, its category's checklists, its customer and site. */
const newJobs = { ...jobKind(newItemAssigneeHooks('job'), templateChecklists), customerSite: customerSiteHooks };

/**
 * Creates a job (see `createWorkItem`): Jobs access, and a grant for its privacy status when it
 * has one; owners (or the category's default owners), category, department and privacy status
 * must exist. With a category, its GetItem and the Query of its checklist templates come, in
 * parallel, before the owners' BatchGetItem; each template becomes a checklist of the job in the
 * job's own transaction, so a job is never created without them.
 */
export function createJob(caller: StaffCaller, body: CreateJobBody, clock?: Clock, id?: string): Promise<Job> {
  return createWorkItem(
    newJobs,
    caller,
    {
      title: body.title,
      description: body.description ?? '',
      dueAt: body.dueAt,
      location: body.location,
      status: body.status ?? 'open',
      // None given: the category's default owners (see `resolveJob`).
      ownerIds: body.ownerIds ?? [],
      ...(body.departmentId !== undefined ? { departmentId: body.departmentId } : {}),
      ...(body.categoryId !== undefined ? { categoryId: body.categoryId } : {}),
      ...(body.privacyStatusId !== undefined ? { privacyStatusId: body.privacyStatusId } : {}),
      ...(body.customerId !== undefined ? { customerId: body.customerId } : {}),
      ...(body.siteId !== undefined ? { siteId: body.siteId } : {}),
      externalUsers: [],
    },
    undefined,
    clock,
    body.externalUsers,
    id,
  );
}
