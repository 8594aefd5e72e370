import { httpHandler, ok } from '#shared/http';
import { getJob as route } from './job.contract';
import { getJob } from './job-reads-service';

export const handler = httpHandler(route, async ({ caller, params }) => ok(await getJob(caller, params.jobId)));
