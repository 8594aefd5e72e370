import { httpHandler, ok } from '#shared/http';
import { changeClientAccess as route } from './client-access.contract';
import { changeClientAccess } from './client-access-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await changeClientAccess(caller, params.externalUserId, params.accessId, body)),
);
