import { httpHandler, ok } from '#shared/http';
import { archiveJob as route } from './job.contract';
import { archiveJob } from './job-reads-service';

export const handler = httpHandler(route, async ({ caller, params }) => ok(await archiveJob(caller, params.jobId)));
