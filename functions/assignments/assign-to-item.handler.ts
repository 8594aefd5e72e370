import { created, itemHandler } from '#shared/http';
import { assignmentRoutes } from './assignment.contract';
import { addAssignment } from './assignment-service';

export const handler = itemHandler(assignmentRoutes.add, async ({ caller, item, body }) =>
  created(await addAssignment(item.type, caller, item.id, body)),
);
