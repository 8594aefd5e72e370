import { httpHandler, ok } from '#shared/http';
import { updateJob as route } from '../work/jobs/job.contract';
import { updateJob } from './job-writes';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await updateJob(caller, params.jobId, body)),
);
