import { itemHandler, ok } from '#shared/http';
import { listAssignmentRoutes } from './assignment.contract';
import { listAssignments } from './assignment-service';

export const handler = itemHandler(listAssignmentRoutes, async ({ caller, item }) =>
  ok(await listAssignments(item.type, caller, item.id)),
);
