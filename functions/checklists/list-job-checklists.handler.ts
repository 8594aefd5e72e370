import { httpHandler, ok } from '#shared/http';
import { jobs } from '../work/jobs/job-service';
import { jobChecklistRoutes } from './checklist.contract';
import { listChecklists } from './checklist-service';

export const handler = httpHandler(jobChecklistRoutes.list, async ({ caller, params }) =>
  ok(await listChecklists(jobs, caller, params.jobId ?? '')),
);
