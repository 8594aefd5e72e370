import { httpHandler, ok } from '#shared/http';
import { deleteClientAccess as route } from './client-access.contract';
import { deleteClientAccess } from './client-access-service';

export const handler = httpHandler(route, async ({ caller, params, query }) =>
  ok(await deleteClientAccess(caller, params.externalUserId, params.accessId, query.version)),
);
