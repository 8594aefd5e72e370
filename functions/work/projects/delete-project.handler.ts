import { httpHandler, noContent } from '#shared/http';
import { deleteProject as route } from './project.contract';
import { deleteProject } from './project-service';

export const handler = httpHandler(route, async ({ caller, params }) => {
  await deleteProject(caller, params.projectId);
  return noContent();
});
