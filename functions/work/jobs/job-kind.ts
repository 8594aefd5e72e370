import { type VisibilityClass, workItemChangeIndexes } from '#shared/data/keys';
import { jobsModuleRights } from '../../staff/permissions/effective-permissions';
import type { WorkItemKind } from '../shared/work-item-service';
import { workItemStore } from '../shared/work-item-store';
import { type Job, type JobSummary, jobSchema, jobSummarySchema } from './job.schema';

const definition = {
  type: 'job',
  entity: 'Job',
  label: 'job',
  schema: jobSchema,
  summarySchema: jobSummarySchema,
  sortAt: (job: Job) => job.dueAt,
  recordIndexes: (accountId: string, job: Job, visibility: VisibilityClass) =>
    workItemChangeIndexes('job', accountId, { id: job.id, updatedAt: job.updatedAt, visibility }),
} as const;

/**
 * Jobs as the shared work item machinery reads them, ordered by due date: enough to read a job
 * and check who may see or edit it (checklists, the audit trail), without the write hooks of
 * `jobs` in job-service.ts (category, external users), which would bring their modules along.
 */
export const jobReads: WorkItemKind<Job, JobSummary> = {
  ...definition,
  store: workItemStore<Job, JobSummary>(definition),
  dateFields: ['dueAt'],
  rangeFields: { from: 'dueFrom', to: 'dueTo' },
  rights: jobsModuleRights,
};
