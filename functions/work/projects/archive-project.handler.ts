import { httpHandler, ok } from '#shared/http';
import { archiveProject as route } from './project.contract';
import { archiveProject } from './project-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await archiveProject(caller, params.projectId)),
);
