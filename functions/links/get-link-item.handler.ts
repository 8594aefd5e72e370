import { impersonationSessions } from '#shared/data/impersonation-sessions';
import { httpHandler, ok } from '#shared/http';
import { portalCaller } from '#shared/portal-caller';
import { getLinkItem } from './link-item.contract';
import { linkItemFor } from './link-state';

// An impersonation session may call this (decision 0006): the pipeline checks the session, and notes each page it reads.
export const handler = httpHandler(
  getLinkItem,
  async ({ caller, headers }) => ok(await linkItemFor(caller, headers['x-link-token'])),
  { portal: portalCaller, impersonation: impersonationSessions },
);
