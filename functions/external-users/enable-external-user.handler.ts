import { httpHandler, ok } from '#shared/http';
import { enableExternalUser as route } from './external-user.contract';
import { setExternalUserStatus } from './external-user-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await setExternalUserStatus(caller, params.externalUserId, 'active', body.version)),
);
