import { httpHandler, ok } from '#shared/http';
import { getSite as route } from './site.contract';
import { getSite } from './site-service';

export const handler = httpHandler(route, async ({ caller, params }) => ok(await getSite(caller, params.siteId)));
