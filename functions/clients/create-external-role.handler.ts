import { created, httpHandler } from '#shared/http';
import { createExternalRole as route } from './external-role.contract';
import { createExternalRole } from './external-role-service';

export const handler = httpHandler(route, async ({ caller, body }) => created(await createExternalRole(caller, body)));
