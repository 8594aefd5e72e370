import { itemHandler, ok } from '#shared/http';
import { revokeAssignmentRoutes } from './assignment.contract';
import { revokeAssignment } from './assignment-service';

export const handler = itemHandler(revokeAssignmentRoutes, async ({ caller, item, params, body }) =>
  ok(await revokeAssignment(item.type, caller, item.id, params.externalUserId, body.reason)),
);
