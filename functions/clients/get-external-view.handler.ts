import { httpHandler, ok } from '#shared/http';
import { getExternalView as route } from './external-view.contract';
import { getExternalView } from './external-view-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await getExternalView(caller, params.viewId)),
);
