import { created, httpHandler } from '#shared/http';
import { incidentAttachmentRoutes } from './attachment.contract';
import { requestUpload } from './attachment-service';

export const handler = httpHandler(incidentAttachmentRoutes.request, async ({ caller, params, body }) =>
  created(
    await requestUpload(
      caller,
      {
        type: 'incident',
        itemId: params.incidentId ?? '',
        checklistId: params.checklistId ?? '',
        checklistItemId: params.itemId ?? '',
      },
      body,
    ),
  ),
);
