import { httpHandler, noContent } from '#shared/http';
import { deleteSite as route } from './site.contract';
import { deleteSite } from './site-service';

export const handler = httpHandler(route, async ({ caller, params }) => {
  await deleteSite(caller, params.siteId);
  return noContent();
});
