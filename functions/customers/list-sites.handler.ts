import { httpHandler, ok } from '#shared/http';
import { listSites as route } from './site.contract';
import { listSites } from './site-service';

export const handler = httpHandler(route, async ({ caller, params, query }) =>
  ok(await listSites(caller, params.customerId, query)),
);
