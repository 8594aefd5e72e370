import { itemHandler, noContent } from '#shared/http';
import { portalCaller } from '#shared/portal-caller';
import { attachmentRoutes } from './attachment.contract';
import { deleteAttachment } from './attachment-service';

export const handler = itemHandler(
  attachmentRoutes.remove,
  async ({ caller, item, params, event }) => {
    const place = { type: item.type, itemId: item.id, checklistId: params.checklistId, checklistItemId: params.itemId };
    await deleteAttachment(caller, place, params.attachmentId, {
      userAgent: event.requestContext.http.userAgent ?? '',
    });
    return noContent();
  },
  { portal: portalCaller },
);
