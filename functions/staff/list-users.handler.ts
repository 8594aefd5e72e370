import { httpHandler, ok } from '#shared/http';
import { listUsers as route } from './staff.contract';
import { listUsers } from './staff-service';

export const handler = httpHandler(route, async ({ caller, query }) => ok(await listUsers(caller, query)));
