import { httpHandler, noContent } from '#shared/http';
import { incidentAttachmentRoutes } from './attachment.contract';
import { deleteAttachment } from './attachment-service';

export const handler = httpHandler(incidentAttachmentRoutes.remove, async ({ caller, params, event }) => {
  await deleteAttachment(
    caller,
    {
      type: 'incident',
      itemId: params.incidentId ?? '',
      checklistId: params.checklistId ?? '',
      checklistItemId: params.itemId ?? '',
    },
    params.attachmentId ?? '',
    { userAgent: event.requestContext.http.userAgent ?? '' },
  );
  return noContent();
});
