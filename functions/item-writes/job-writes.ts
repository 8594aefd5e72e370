import type { Clock } from '#shared/clock';
import type { StaffCaller } from '#shared/http';
import { jobs } from '../assignments/assignable-kinds';
import type { UpdateJobBody } from '../work/jobs/job.contract';
import * as work from '../work/jobs/job-service';

/** Changes a job the caller may edit, with its external users (see `updateWorkItem`). */
export const updateJob = (caller: StaffCaller, id: string, body: UpdateJobBody, clock?: Clock) =>
  work.updateJob(jobs, caller, id, body, clock);

/** Deletes a job and its list rows, revoking its assignments in the same transaction (admin roles). */
export const deleteJob = (caller: StaffCaller, id: string) => work.deleteJob(jobs, caller, id);
