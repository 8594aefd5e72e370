import { httpHandler, ok } from '#shared/http';
import { listJobs as route } from './job.contract';
import { listJobs } from './job-reads-service';

export const handler = httpHandler(route, async ({ caller, query }) => ok(await listJobs(caller, query)));
