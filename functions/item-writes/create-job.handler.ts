import { created, httpHandler } from '#shared/http';
import { createJob as route } from '../work/jobs/job.contract';
import { createJob } from './create-job';

export const handler = httpHandler(route, async ({ caller, body }) => created(await createJob(caller, body)));
