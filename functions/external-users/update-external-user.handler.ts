import { httpHandler, ok } from '#shared/http';
import { updateExternalUser as route } from './external-user.contract';
import { updateExternalUser } from './external-user-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await updateExternalUser(caller, params.externalUserId, body)),
);
