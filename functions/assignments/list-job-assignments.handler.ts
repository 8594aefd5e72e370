import { httpHandler, ok } from '#shared/http';
import { jobAssignmentRoutes } from './assignment.contract';
import { listAssignments } from './assignment-service';

export const handler = httpHandler(jobAssignmentRoutes.list, async ({ caller, params }) =>
  ok(await listAssignments('job', caller, params.jobId ?? '')),
);
