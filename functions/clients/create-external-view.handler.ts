import { created, httpHandler } from '#shared/http';
import { createExternalView as route } from './external-view.contract';
import { createExternalView } from './external-view-service';

export const handler = httpHandler(route, async ({ caller, body }) => created(await createExternalView(caller, body)));
