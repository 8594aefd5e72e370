import { created, httpHandler } from '#shared/http';
import { createExternalUser as route } from './external-user.contract';
import { createExternalUser } from './external-user-service';

export const handler = httpHandler(route, async ({ caller, body }) => created(await createExternalUser(caller, body)));
