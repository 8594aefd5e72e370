import { httpHandler, ok } from '#shared/http';
import { getExternalRole as route } from './external-role.contract';
import { getExternalRole } from './external-role-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await getExternalRole(caller, params.roleId)),
);
