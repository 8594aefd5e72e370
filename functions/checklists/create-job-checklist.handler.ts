import { created, httpHandler } from '#shared/http';
import { jobs } from '../work/jobs/job-service';
import { jobChecklistRoutes } from './checklist.contract';
import { createChecklist } from './checklist-service';

export const handler = httpHandler(jobChecklistRoutes.create, async ({ caller, params, body }) =>
  created(await createChecklist(jobs, caller, params.jobId ?? '', body)),
);
