import { httpHandler, ok } from '#shared/http';
import { archiveSite as route } from './site.contract';
import { archiveSite } from './site-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await archiveSite(caller, params.siteId, true)),
);
