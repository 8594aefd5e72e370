import { httpHandler, noContent } from '#shared/http';
import { deleteIncident as route } from '../work/incidents/incident.contract';
import { deleteIncident } from './incident-writes';

export const handler = httpHandler(route, async ({ caller, params }) => {
  await deleteIncident(caller, params.incidentId);
  return noContent();
});
