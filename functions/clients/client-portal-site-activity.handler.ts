import { httpHandler, ok } from '#shared/http';
import { getClientSiteActivity } from './client-portal.contract';
import { readSiteActivity } from './client-portal-service';

export const handler = httpHandler(getClientSiteActivity, async ({ caller, params, query }) =>
  ok(await readSiteActivity(caller, params.siteId, query)),
);
