import { created, itemHandler } from '#shared/http';
import { addAssignmentRoutes } from './assignment.contract';
import { addAssignment } from './assignment-service';

export const handler = itemHandler(addAssignmentRoutes, async ({ caller, item, body }) =>
  created(await addAssignment(item.type, caller, item.id, body)),
);
