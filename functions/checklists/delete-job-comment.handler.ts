import { httpHandler, noContent } from '#shared/http';
import { jobCommentRoutes } from './comment.contract';
import { deleteComment } from './comment-service';

export const handler = httpHandler(jobCommentRoutes.remove, async ({ caller, params }) => {
  await deleteComment(
    caller,
    {
      type: 'job',
      itemId: params.jobId ?? '',
      checklistId: params.checklistId ?? '',
      checklistItemId: params.itemId ?? '',
    },
    params.commentId ?? '',
  );
  return noContent();
});
