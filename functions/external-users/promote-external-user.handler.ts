import { created, httpHandler } from '#shared/http';
import { promoteExternalUser as route } from './external-user.contract';
import { promoteExternalUser } from './external-user-promotion';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  created(await promoteExternalUser(caller, params.externalUserId, body)),
);
