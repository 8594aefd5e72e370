import { created, httpHandler } from '#shared/http';
import { jobReads as jobs } from '../work/jobs/job-kind';
import { jobChecklistRoutes } from './checklist.contract';
import { createChecklist } from './checklist-service';

export const handler = httpHandler(jobChecklistRoutes.create, async ({ caller, params, body }) =>
  created(await createChecklist(jobs, caller, params.jobId ?? '', body)),
);
