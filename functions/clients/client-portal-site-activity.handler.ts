import { impersonationSessions } from '#shared/data/impersonation-sessions';
import { httpHandler, ok } from '#shared/http';
import { portalCaller } from '#shared/portal-caller';
import { getClientSiteActivity } from './client-portal.contract';
import { readSiteActivity } from './client-portal-service';

// An impersonation session may call this (decision 0006): the pipeline checks the session, and notes each page it reads.
export const handler = httpHandler(
  getClientSiteActivity,
  async ({ caller, params, query }) => ok(await readSiteActivity(caller, params.siteId, query)),
  { portal: portalCaller, impersonation: impersonationSessions },
);
