import { httpHandler, ok } from '#shared/http';
import { listExternalUserAssignments as route } from './assignment.contract';
import { listExternalUserAssignments } from './assignment-service';

export const handler = httpHandler(route, async ({ caller, params, query }) =>
  ok(await listExternalUserAssignments(caller, params.externalUserId, query)),
);
