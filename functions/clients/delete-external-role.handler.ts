import { httpHandler, noContent } from '#shared/http';
import { deleteExternalRole as route } from './external-role.contract';
import { deleteExternalRole } from './external-role-service';

export const handler = httpHandler(route, async ({ caller, params, query }) => {
  await deleteExternalRole(caller, params.roleId, query.version);
  return noContent();
});
