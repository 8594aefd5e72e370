import { created, httpHandler } from '#shared/http';
import { createIncident as route } from '../work/incidents/incident.contract';
import { createIncident } from './incident-writes';

export const handler = httpHandler(route, async ({ caller, body }) => created(await createIncident(caller, body)));
