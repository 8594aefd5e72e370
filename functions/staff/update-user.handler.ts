import { httpHandler, ok } from '#shared/http';
import { updateUser as route } from './staff.contract';
import { updateUser } from './staff-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await updateUser(caller, params.userId, body)),
);
