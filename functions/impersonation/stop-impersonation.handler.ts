import { impersonationSessions } from '#shared/data/impersonation-sessions';
import { httpHandler, noContent } from '#shared/http';
import { portalCaller } from '#shared/portal-caller';
import { stopImpersonation as route } from './impersonation.contract';
import { stopImpersonation } from './impersonation-service';

// An impersonation session may call this (decision 0006): the pipeline checks the session, and notes each page it reads.
export const handler = httpHandler(
  route,
  async ({ caller }) => {
    await stopImpersonation(caller);
    return noContent();
  },
  { portal: portalCaller, impersonation: impersonationSessions },
);
