import { httpHandler, ok } from '#shared/http';
import { jobReads as jobs } from '../work/jobs/job-kind';
import { listJobAudit } from './audit.contract';
import { listItemTrail } from './audit-service';

export const handler = httpHandler(listJobAudit, async ({ caller, params, query }) =>
  ok(await listItemTrail(jobs, caller, params.jobId ?? '', query)),
);
