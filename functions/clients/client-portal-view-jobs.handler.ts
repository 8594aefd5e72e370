import { impersonationSessions } from '#shared/data/impersonation-sessions';
import { httpHandler, ok } from '#shared/http';
import { portalCaller } from '#shared/portal-caller';
import { getClientViewJobs } from './client-portal.contract';
import { readViewJobs } from './client-portal-service';

// An impersonation session may call this (decision 0006): the pipeline checks the session, and notes each page it reads.
export const handler = httpHandler(
  getClientViewJobs,
  async ({ caller, params, query }) => ok(await readViewJobs(caller, params.viewId, query)),
  { portal: portalCaller, impersonation: impersonationSessions },
);
