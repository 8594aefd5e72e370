import { httpHandler, noContent } from '#shared/http';
import { deleteTask as route } from './plan.contract';
import { deleteTask } from './plan-service';

export const handler = httpHandler(route, async ({ caller, params }) => {
  await deleteTask(caller, params.projectId, params.taskId);
  return noContent();
});
