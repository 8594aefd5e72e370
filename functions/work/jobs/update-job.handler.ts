import { httpHandler, ok } from '#shared/http';
import { updateJob as route } from './job.contract';
import { updateJob } from './job-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await updateJob(caller, params.jobId, body)),
);
