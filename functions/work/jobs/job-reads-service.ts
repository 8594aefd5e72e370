import type { Clock } from '#shared/clock';
import type { StaffCaller } from '#shared/http';
import { archiveWorkItem, getWorkItem, listWorkItems } from '../shared/work-item-service';
import type { ListJobsQuery } from './job.contract';
import { jobReads } from './job-kind';

// The job use cases that need neither the job's category nor its external users (`jobReads`), apart
// from job-service.ts so their functions carry neither (a module's schemas come with any import).

/** A job the caller may see (404 otherwise). */
export const getJob = (caller: StaffCaller, id: string) => getWorkItem(jobReads, caller, id);

/** Archives a job (admin roles): it leaves the current lists for the archived ones. */
export const archiveJob = (caller: StaffCaller, id: string, clock?: Clock) =>
  archiveWorkItem(jobReads, caller, id, clock);

/** Restores an archived job (whoever may archive it): it returns to the current lists. */
export const restoreJob = (caller: StaffCaller, id: string, clock?: Clock) =>
  archiveWorkItem(jobReads, caller, id, clock, false);

/** One page of the jobs the caller may see, by due date within each visibility scope. */
export const listJobs = (caller: StaffCaller, query: ListJobsQuery) => listWorkItems(jobReads, caller, query);
