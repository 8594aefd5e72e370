import { httpHandler, noContent } from '#shared/http';
import { deleteJob as route } from './job.contract';
import { deleteJob } from './job-service';

export const handler = httpHandler(route, async ({ caller, params }) => {
  await deleteJob(caller, params.jobId);
  return noContent();
});
