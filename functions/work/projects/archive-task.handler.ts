import { httpHandler, ok } from '#shared/http';
import { archiveTask as route } from './plan.contract';
import { archiveTask } from './plan-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await archiveTask(caller, params.projectId, params.taskId)),
);
