import { impersonationSessions } from '#shared/data/impersonation-sessions';
import { httpHandler, ok } from '#shared/http';
import { portalCaller } from '#shared/portal-caller';
import { getClientMe } from './client-portal.contract';
import { readClientMe } from './client-portal-service';

// An impersonation session may call this (decision 0006): the pipeline checks the session, and notes each page it reads.
export const handler = httpHandler(getClientMe, async ({ caller }) => ok(await readClientMe(caller)), {
  portal: portalCaller,
  impersonation: impersonationSessions,
});
