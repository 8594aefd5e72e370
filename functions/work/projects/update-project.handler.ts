import { httpHandler, ok } from '#shared/http';
import { updateProject as route } from './project.contract';
import { updateProject } from './project-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await updateProject(caller, params.projectId, body)),
);
