import { httpHandler, ok } from '#shared/http';
import { jobCommentRoutes } from './comment.contract';
import { editComment } from './comment-service';

export const handler = httpHandler(jobCommentRoutes.edit, async ({ caller, params, body }) =>
  ok(
    await editComment(
      caller,
      {
        type: 'job',
        itemId: params.jobId ?? '',
        checklistId: params.checklistId ?? '',
        checklistItemId: params.itemId ?? '',
      },
      params.commentId ?? '',
      body,
    ),
  ),
);
