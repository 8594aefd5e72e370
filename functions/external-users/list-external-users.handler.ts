import { httpHandler, ok } from '#shared/http';
import { listExternalUsers as route } from './external-user.contract';
import { listExternalUsers } from './external-user-service';

export const handler = httpHandler(route, async ({ caller, query }) => ok(await listExternalUsers(caller, query)));
