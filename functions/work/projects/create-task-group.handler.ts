import { created, httpHandler } from '#shared/http';
import { createTaskGroup as route } from './plan.contract';
import { createTaskGroup } from './plan-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  created(await createTaskGroup(caller, params.projectId, body)),
);
