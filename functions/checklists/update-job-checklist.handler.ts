import { httpHandler, ok } from '#shared/http';
import { jobReads as jobs } from '../work/jobs/job-kind';
import { jobChecklistRoutes } from './checklist.contract';
import { updateChecklist } from './checklist-service';

export const handler = httpHandler(jobChecklistRoutes.update, async ({ caller, params, body }) =>
  ok(await updateChecklist(jobs, caller, params.jobId ?? '', params.checklistId ?? '', body)),
);
