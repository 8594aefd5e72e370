import { httpHandler, ok } from '#shared/http';
import { listExternalRoles as route } from './external-role.contract';
import { listExternalRoles } from './external-role-service';

export const handler = httpHandler(route, async ({ caller, query }) => ok(await listExternalRoles(caller, query)));
