import { httpHandler, ok } from '#shared/http';
import { incidentAssignmentRoutes } from './assignment.contract';
import { listAssignments } from './assignment-service';

export const handler = httpHandler(incidentAssignmentRoutes.list, async ({ caller, params }) =>
  ok(await listAssignments('incident', caller, params.incidentId ?? '')),
);
