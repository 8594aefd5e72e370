import { httpHandler, ok } from '#shared/http';
import { getPortalIncident as route } from './portal.contract';
import { readPortalItem } from './portal-item-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await readPortalItem(caller, 'incident', params.incidentId)),
);
