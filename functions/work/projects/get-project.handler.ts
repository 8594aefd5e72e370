import { httpHandler, ok } from '#shared/http';
import { getProject as route } from './project.contract';
import { getProject } from './project-service';

export const handler = httpHandler(route, async ({ caller, params }) => ok(await getProject(caller, params.projectId)));
