import { httpHandler, ok } from '#shared/http';
import { enableUser as route } from './staff.contract';
import { setUserStatus } from './staff-lifecycle';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await setUserStatus(caller, params.userId, 'active', body.version)),
);
