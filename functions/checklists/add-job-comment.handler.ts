import { created, httpHandler } from '#shared/http';
import { jobCommentRoutes } from './comment.contract';
import { addComment } from './comment-service';

export const handler = httpHandler(jobCommentRoutes.add, async ({ caller, params, body }) =>
  created(
    await addComment(
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
