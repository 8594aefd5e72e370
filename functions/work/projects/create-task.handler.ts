import { created, httpHandler } from '#shared/http';
import { createTask as route } from './plan.contract';
import { createTask } from './plan-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  created(await createTask(caller, params.projectId, body)),
);
