import { created, httpHandler } from '#shared/http';
import { createProject as route } from './project.contract';
import { createProject } from './project-service';

export const handler = httpHandler(route, async ({ caller, body }) => created(await createProject(caller, body)));
