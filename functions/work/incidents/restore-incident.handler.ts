import { httpHandler, ok } from '#shared/http';
import { restoreIncident as route } from './incident.contract';
import { restoreIncident } from './incident-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await restoreIncident(caller, params.incidentId)),
);
