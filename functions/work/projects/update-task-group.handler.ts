import { httpHandler, ok } from '#shared/http';
import { updateTaskGroup as route } from './plan.contract';
import { updateTaskGroup } from './plan-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await updateTaskGroup(caller, params.projectId, params.groupId, body)),
);
