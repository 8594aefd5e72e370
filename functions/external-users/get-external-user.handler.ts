import { httpHandler, ok } from '#shared/http';
import { getExternalUser as route } from './external-user.contract';
import { getExternalUser } from './external-user-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await getExternalUser(caller, params.externalUserId)),
);
