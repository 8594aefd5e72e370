import { httpHandler, ok } from '#shared/http';
import { listIncidents as route } from './incident.contract';
import { listIncidents } from './incident-service';

export const handler = httpHandler(route, async ({ caller, query }) => ok(await listIncidents(caller, query)));
