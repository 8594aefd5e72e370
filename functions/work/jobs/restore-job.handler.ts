import { httpHandler, ok } from '#shared/http';
import { restoreJob as route } from './job.contract';
import { restoreJob } from './job-reads-service';

export const handler = httpHandler(route, async ({ caller, params }) => ok(await restoreJob(caller, params.jobId)));
