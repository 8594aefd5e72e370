import { httpHandler, ok } from '#shared/http';
import { getClientSiteDashboard } from './client-dashboard.contract';
import { readSiteDashboard } from './client-portal-service';

export const handler = httpHandler(getClientSiteDashboard, async ({ caller, params, query }) =>
  ok(await readSiteDashboard(caller, params.siteId, query)),
);
