import { created, httpHandler } from '#shared/http';
import { addClientAccess as route } from './client-access.contract';
import { addClientAccess } from './client-access-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  created(await addClientAccess(caller, params.externalUserId, body)),
);
