import { httpHandler, ok } from '#shared/http';
import { jobReads as jobs } from '../work/jobs/job-kind';
import { jobChecklistRoutes } from './checklist.contract';
import { listChecklists } from './checklist-review';

export const handler = httpHandler(jobChecklistRoutes.list, async ({ caller, params }) =>
  ok(await listChecklists(jobs, caller, params.jobId ?? '')),
);
