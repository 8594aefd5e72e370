import { httpHandler, ok } from '#shared/http';
import { updateIncident as route } from './incident.contract';
import { updateIncident } from './incident-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await updateIncident(caller, params.incidentId, body)),
);
