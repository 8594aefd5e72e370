import { httpHandler, ok } from '#shared/http';
import { jobAssignmentRoutes } from './assignment.contract';
import { revokeAssignment } from './assignment-service';

export const handler = httpHandler(jobAssignmentRoutes.revoke, async ({ caller, params, body }) =>
  ok(await revokeAssignment('job', caller, params.jobId ?? '', params.externalUserId ?? '', body.reason)),
);
