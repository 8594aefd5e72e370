import { created, httpHandler } from '#shared/http';
import { startImpersonation as route } from './impersonation.contract';
import { startImpersonation } from './impersonation-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  created(await startImpersonation(caller, params.externalUserId)),
);
