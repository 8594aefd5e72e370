import { httpHandler, noContent } from '#shared/http';
import { deleteIncident as route } from './incident.contract';
import { deleteIncident } from './incident-service';

export const handler = httpHandler(route, async ({ caller, params }) => {
  await deleteIncident(caller, params.incidentId);
  return noContent();
});
