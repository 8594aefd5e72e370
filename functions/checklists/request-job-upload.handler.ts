import { created, httpHandler } from '#shared/http';
import { jobAttachmentRoutes } from './attachment.contract';
import { requestUpload } from './attachment-service';

export const handler = httpHandler(jobAttachmentRoutes.request, async ({ caller, params, body }) =>
  created(
    await requestUpload(
      caller,
      {
        type: 'job',
        itemId: params.jobId ?? '',
        checklistId: params.checklistId ?? '',
        checklistItemId: params.itemId ?? '',
      },
      body,
    ),
  ),
);
