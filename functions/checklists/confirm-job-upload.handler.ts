import { httpHandler, ok } from '#shared/http';
import { jobAttachmentRoutes } from './attachment.contract';
import { confirmUpload } from './attachment-service';

export const handler = httpHandler(jobAttachmentRoutes.confirm, async ({ caller, params, event }) =>
  ok(
    await confirmUpload(
      caller,
      {
        type: 'job',
        itemId: params.jobId ?? '',
        checklistId: params.checklistId ?? '',
        checklistItemId: params.itemId ?? '',
      },
      params.attachmentId ?? '',
      { userAgent: event.requestContext.http.userAgent ?? '' },
    ),
  ),
);
