import { httpHandler, ok } from '#shared/http';
import { listExternalViews as route } from './external-view.contract';
import { listExternalViews } from './external-view-service';

export const handler = httpHandler(route, async ({ caller, query }) => ok(await listExternalViews(caller, query)));
