import { impersonationSessions } from '#shared/data/impersonation-sessions';
import { httpHandler, ok } from '#shared/http';
import { portalCaller } from '#shared/portal-caller';
import { getMyAssignments } from './my-assignments.contract';
import { readMyAssignments } from './my-assignments-service';

// An impersonation session may call this (decision 0006): the pipeline checks the session, and notes each page it reads.
export const handler = httpHandler(
  getMyAssignments,
  async ({ caller, query }) => ok(await readMyAssignments(caller, query)),
  {
    portal: portalCaller,
    impersonation: impersonationSessions,
  },
);
