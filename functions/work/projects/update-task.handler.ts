import { httpHandler, ok } from '#shared/http';
import { updateTask as route } from './plan.contract';
import { updateTask } from './plan-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await updateTask(caller, params.projectId, params.taskId, body)),
);
