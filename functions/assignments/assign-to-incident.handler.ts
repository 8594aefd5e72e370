import { created, httpHandler } from '#shared/http';
import { incidentAssignmentRoutes } from './assignment.contract';
import { addAssignment } from './assignment-service';

export const handler = httpHandler(incidentAssignmentRoutes.add, async ({ caller, params, body }) =>
  created(await addAssignment('incident', caller, params.incidentId ?? '', body)),
);
