import { created, httpHandler } from '#shared/http';
import { createJob as route } from './job.contract';
import { createJob } from './job-service';

export const handler = httpHandler(route, async ({ caller, body }) => created(await createJob(caller, body)));
