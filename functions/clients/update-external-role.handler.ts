import { httpHandler, ok } from '#shared/http';
import { updateExternalRole as route } from './external-role.contract';
import { updateExternalRole } from './external-role-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await updateExternalRole(caller, params.roleId, body)),
);
