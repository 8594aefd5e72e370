import { httpHandler, ok } from '#shared/http';
import { archiveIncident as route } from './incident.contract';
import { archiveIncident } from './incident-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await archiveIncident(caller, params.incidentId)),
);
