import { httpHandler, ok } from '#shared/http';
import { incidentAttachmentRoutes } from './attachment.contract';
import { confirmUpload } from './attachment-service';

export const handler = httpHandler(incidentAttachmentRoutes.confirm, async ({ caller, params, event }) =>
  ok(
    await confirmUpload(
      caller,
      {
        type: 'incident',
        itemId: params.incidentId ?? '',
        checklistId: params.checklistId ?? '',
        checklistItemId: params.itemId ?? '',
      },
      params.attachmentId ?? '',
      { userAgent: event.requestContext.http.userAgent ?? '' },
    ),
  ),
);
