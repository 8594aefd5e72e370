import { httpHandler, ok } from '#shared/http';
import { getClientAccess as route } from './client-access.contract';
import { getClientAccess } from './client-access-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await getClientAccess(caller, params.externalUserId)),
);
