import { created, itemHandler } from '#shared/http';
import { portalCaller } from '#shared/portal-caller';
import { attachmentRoutes } from './attachment.contract';
import { requestUpload } from './attachment-service';

export const handler = itemHandler(
  attachmentRoutes.request,
  async ({ caller, item, params, body }) => {
    const place = { type: item.type, itemId: item.id, checklistId: params.checklistId, checklistItemId: params.itemId };
    return created(await requestUpload(caller, place, body));
  },
  { portal: portalCaller },
);
