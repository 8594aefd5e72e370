import { httpHandler, noContent } from '#shared/http';
import { deleteTaskGroup as route } from './plan.contract';
import { deleteTaskGroup } from './plan-service';

export const handler = httpHandler(route, async ({ caller, params }) => {
  await deleteTaskGroup(caller, params.projectId, params.groupId);
  return noContent();
});
