import { itemHandler, ok } from '#shared/http';
import { portalCaller } from '#shared/portal-caller';
import { attachmentRoutes } from './attachment.contract';
import { confirmUpload } from './attachment-service';

export const handler = itemHandler(
  attachmentRoutes.confirm,
  async ({ caller, item, params, event }) => {
    const place = { type: item.type, itemId: item.id, checklistId: params.checklistId, checklistItemId: params.itemId };
    const userAgent = event.requestContext.http.userAgent ?? '';
    return ok(await confirmUpload(caller, place, params.attachmentId, { userAgent }));
  },
  { portal: portalCaller },
);
