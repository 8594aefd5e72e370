import { impersonationSessions } from '#shared/data/impersonation-sessions';
import { httpHandler, ok } from '#shared/http';
import { portalCaller } from '#shared/portal-caller';
import { getClientSiteDashboard } from './client-dashboard.contract';
import { readSiteDashboard } from './client-portal-service';

// An impersonation session may call this (decision 0006): the pipeline checks the session, and notes each page it reads.
export const handler = httpHandler(
  getClientSiteDashboard,
  async ({ caller, params, query }) => ok(await readSiteDashboard(caller, params.siteId, query)),
  { portal: portalCaller, impersonation: impersonationSessions },
);
