import { httpHandler, ok } from '#shared/http';
import { getIncident as route } from './incident.contract';
import { getIncident } from './incident-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await getIncident(caller, params.incidentId)),
);
