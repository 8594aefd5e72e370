import { httpHandler, ok } from '#shared/http';
import { getPortalJob as route } from './portal.contract';
import { readPortalItem } from './portal-item-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await readPortalItem(caller, 'job', params.jobId)),
);
