import { itemHandler, ok } from '#shared/http';
import { assignmentRoutes } from './assignment.contract';
import { listAssignments } from './assignment-service';

export const handler = itemHandler(assignmentRoutes.list, async ({ caller, item }) =>
  ok(await listAssignments(item.type, caller, item.id)),
);
