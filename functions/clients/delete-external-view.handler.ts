import { httpHandler, noContent } from '#shared/http';
import { deleteExternalView as route } from './external-view.contract';
import { deleteExternalView } from './external-view-service';

export const handler = httpHandler(route, async ({ caller, params, query }) => {
  await deleteExternalView(caller, params.viewId, query.version);
  return noContent();
});
