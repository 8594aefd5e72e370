import { httpHandler, noContent } from '#shared/http';
import { stopImpersonation as route } from './impersonation.contract';
import { stopImpersonation } from './impersonation-service';

export const handler = httpHandler(route, async ({ caller }) => {
  await stopImpersonation(caller);
  return noContent();
});
