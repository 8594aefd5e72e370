import { created, httpHandler } from '#shared/http';
import { createSite as route } from './site.contract';
import { createSite } from './site-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  created(await createSite(caller, params.customerId, body)),
);
