import { created, httpHandler } from '#shared/http';
import { createIncident as route } from './incident.contract';
import { createIncident } from './incident-service';

export const handler = httpHandler(route, async ({ caller, body }) => created(await createIncident(caller, body)));
