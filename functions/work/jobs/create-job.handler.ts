import { created, httpHandler } from '#shared/http';
import { createJob } from './create-job';
import { createJob as route } from './job.contract';

export const handler = httpHandler(route, async ({ caller, body }) => created(await createJob(caller, body)));
