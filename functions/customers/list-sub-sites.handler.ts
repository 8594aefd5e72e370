import { httpHandler, ok } from '#shared/http';
import { listSubSites as route } from './site.contract';
import { listSubSites } from './site-service';

export const handler = httpHandler(route, async ({ caller, params, query }) =>
  ok(await listSubSites(caller, params.siteId, query)),
);
