import { created, httpHandler } from '#shared/http';
import { createUser as route } from './staff.contract';
import { createUser } from './staff-lifecycle';

export const handler = httpHandler(route, async ({ caller, body }) => created(await createUser(caller, body)));
