import { httpHandler, ok } from '#shared/http';
import { incidentAssignmentRoutes } from './assignment.contract';
import { revokeAssignment } from './assignment-service';

export const handler = httpHandler(incidentAssignmentRoutes.revoke, async ({ caller, params, body }) =>
  ok(await revokeAssignment('incident', caller, params.incidentId ?? '', params.externalUserId ?? '', body.reason)),
);
