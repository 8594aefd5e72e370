import { httpHandler, ok } from '#shared/http';
import { updateSite as route } from './site.contract';
import { updateSite } from './site-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await updateSite(caller, params.siteId, body)),
);
