import type { Clock } from '#shared/clock';
import type { StaffCaller } from '#shared/http';
import * as assignable from '../assignments/assignable-kinds';
import { revokeAllOnDelete } from '../assignments/assignees';
import { customerSiteCounts } from '../customers/customer-references-repository';
import type { UpdateJobBody } from '../work/jobs/job.contract';
import { jobReads } from '../work/jobs/job-kind';
import * as work from '../work/jobs/job-service';
import { customerSiteHooks } from '../work/shared/customer-site';

// Each use case names its kind itself, so a function carries only its own: a delete needs the
// counts of the customer and site the job names, not their checks, and the revocation of its
// assignments, not the category's checks or the assignees' resolution.

/** Changes a job the caller may edit, with its external users, customer and site (see `updateWorkItem`). */
export const updateJob = (caller: StaffCaller, id: string, body: UpdateJobBody, clock?: Clock) =>
  work.updateJob({ ...assignable.jobs, customerSite: customerSiteHooks }, caller, id, body, clock);

/** Deletes a job and its list rows, revoking its assignments in the same transaction (admin roles). */
export const deleteJob = (caller: StaffCaller, id: string) =>
  work.deleteJob({ ...jobReads, deleteGuard: revokeAllOnDelete('job'), customerSite: customerSiteCounts }, caller, id);
