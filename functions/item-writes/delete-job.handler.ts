import { httpHandler, noContent } from '#shared/http';
import { deleteJob as route } from '../work/jobs/job.contract';
import { deleteJob } from './job-writes';

export const handler = httpHandler(route, async ({ caller, params }) => {
  await deleteJob(caller, params.jobId);
  return noContent();
});
