import { created, httpHandler } from '#shared/http';
import { jobAssignmentRoutes } from './assignment.contract';
import { addAssignment } from './assignment-service';

export const handler = httpHandler(jobAssignmentRoutes.add, async ({ caller, params, body }) =>
  created(await addAssignment('job', caller, params.jobId ?? '', body)),
);
