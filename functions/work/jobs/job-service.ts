import type { Clock } from '#shared/clock';
import type { Step } from '#shared/data/types';
import { ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { findCategoryDefaults } from '../job-categories/job-category-repository';
import {
  type AssigneeHooks,
  deleteWorkItem,
  type ItemWrite,
  updateWorkItem,
  type WorkItemKind,
} from '../shared/work-item-service';
import type { Job, JobSummary, UpdateJobBody } from './job.contract';
import { jobReads } from './job-kind';

/**
 * Jobs as they are written: stored and listed by the shared work item machinery, ordered by due
 * date, with the category's checks and defaults and the external users of `assignees` (see
 * `resolveJob`); `fromCategory` adds what a new job takes from its category (its checklists).
 */
export function jobKind(assignees: AssigneeHooks, fromCategory?: CategoryWrites): WorkItemKind<Job, JobSummary> {
  return {
    ...jobReads,
    resolve: (write, fields) => resolveJob(write, fields, assignees, fromCategory),
  };
}

/**
 * What a write that sets a job's category takes from the category for the job's transaction
 * (a new job: its checklist templates, see `create-job.ts`), read beside the category's GetItem.
 */
export type CategoryWrites = (write: ItemWrite<Job>, categoryId: string) => Promise<Step[]>;

/**
 * A job's category must exist and not be archived when a write sets it (one GetItem of the
 * category, only then, in parallel with `fromCategory`); a new job given no owners takes the
 * category's default owners. 400 naming `body.categoryId` or `body.ownerIds` otherwise. Then its
 * external users, through `assignees`.
 */
async function resolveJob<F extends { categoryId?: string; ownerIds: string[]; externalUsers?: string[] }>(
  write: ItemWrite<Job>,
  fields: F,
  assignees: AssigneeHooks,
  fromCategory?: CategoryWrites,
): Promise<{ fields: F; writes: Step[] }> {
  const { categoryId } = fields;
  const changes = categoryId !== undefined && categoryId !== write.current?.categoryId;
  const [category, categoryWrites] = changes
    ? await Promise.all([findCategoryDefaults(write.accountId, categoryId), fromCategory?.(write, categoryId) ?? []])
    : [undefined, []];
  if (changes && (!category || category.archived)) {
    throw new ValidationError('The job category is not available', [
      {
        path: 'body.categoryId',
        code: category ? 'archived_category' : 'unknown_category',
        message: category ? `job category ${categoryId} is archived` : `no job category ${categoryId}`,
      },
    ]);
  }
  const owned =
    fields.ownerIds.length > 0 || !category || category.defaultOwnerIds.length === 0
      ? fields
      : { ...fields, ownerIds: category.defaultOwnerIds };
  if (owned.ownerIds.length === 0) {
    throw new ValidationError('A job needs an owner', [
      {
        path: 'body.ownerIds',
        code: 'required',
        message: categoryId
          ? 'the category has no default owners: give ownerIds'
          : 'give ownerIds, or a categoryId with default owners',
      },
    ]);
  }
  // A new job of a category, given no external users, gets the category's default ones.
  const defaults = category?.defaultExternalUserIds ?? [];
  const withDefaults =
    !write.current && write.externalUsers === undefined && defaults.length > 0
      ? { ...write, externalUsers: defaults.map((id) => ({ id })), defaults: true }
      : write;
  const resolved = await assignees.resolve(withDefaults, owned);
  return categoryWrites.length ? { ...resolved, writes: [...resolved.writes, ...categoryWrites] } : resolved;
}

/** Changes a job the caller may edit, before and after the change (see `updateWorkItem`). */
export const updateJob = (
  jobs: WorkItemKind<Job, JobSummary>,
  caller: StaffCaller,
  id: string,
  body: UpdateJobBody,
  clock?: Clock,
) => updateWorkItem(jobs, caller, id, body, () => undefined, clock);

/** Deletes a job and its list rows, revoking its assignments (admin roles). */
export const deleteJob = (jobs: WorkItemKind<Job, JobSummary>, caller: StaffCaller, id: string) =>
  deleteWorkItem(jobs, caller, id);
