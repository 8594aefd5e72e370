import { httpHandler, ok } from '#shared/http';
import { updateIncident as route } from '../work/incidents/incident.contract';
import { updateIncident } from './incident-writes';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await updateIncident(caller, params.incidentId, body)),
);
