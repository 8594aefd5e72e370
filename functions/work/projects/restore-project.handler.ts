import { httpHandler, ok } from '#shared/http';
import { restoreProject as route } from './project.contract';
import { restoreProject } from './project-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await restoreProject(caller, params.projectId)),
);
