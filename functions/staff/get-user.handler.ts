import { httpHandler, ok } from '#shared/http';
import { getUser as route } from './staff.contract';
import { getUser } from './staff-service';

export const handler = httpHandler(route, async ({ caller, params }) => ok(await getUser(caller, params.userId)));
