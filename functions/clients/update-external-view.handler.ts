import { httpHandler, ok } from '#shared/http';
import { updateExternalView as route } from './external-view.contract';
import { updateExternalView } from './external-view-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await updateExternalView(caller, params.viewId, body)),
);
