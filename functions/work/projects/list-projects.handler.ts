import { httpHandler, ok } from '#shared/http';
import { listProjects as route } from './project.contract';
import { listProjects } from './project-service';

export const handler = httpHandler(route, async ({ caller, query }) => ok(await listProjects(caller, query)));
