import { httpHandler, noContent } from '#shared/http';
import { jobAttachmentRoutes } from './attachment.contract';
import { deleteAttachment } from './attachment-service';

export const handler = httpHandler(jobAttachmentRoutes.remove, async ({ caller, params, event }) => {
  await deleteAttachment(
    caller,
    {
      type: 'job',
      itemId: params.jobId ?? '',
      checklistId: params.checklistId ?? '',
      checklistItemId: params.itemId ?? '',
    },
    params.attachmentId ?? '',
    { userAgent: event.requestContext.http.userAgent ?? '' },
  );
  return noContent();
});
