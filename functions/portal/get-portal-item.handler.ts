import { impersonationSessions } from '#shared/data/impersonation-sessions';
import { itemHandler, ok } from '#shared/http';
import { portalCaller } from '#shared/portal-caller';
import { getPortalItem } from './portal.contract';
import { readPortalItem } from './portal-item-service';

// An impersonation session may call this (decision 0006): the pipeline checks the session, and notes each page it reads.
export const handler = itemHandler(
  getPortalItem,
  async ({ caller, item }) => ok(await readPortalItem(caller, item.type, item.id)),
  { portal: portalCaller, impersonation: impersonationSessions },
);
