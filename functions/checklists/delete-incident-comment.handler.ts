import { httpHandler, noContent } from '#shared/http';
import { incidentCommentRoutes } from './comment.contract';
import { deleteComment } from './comment-service';

export const handler = httpHandler(incidentCommentRoutes.remove, async ({ caller, params }) => {
  await deleteComment(
    caller,
    {
      type: 'incident',
      itemId: params.incidentId ?? '',
      checklistId: params.checklistId ?? '',
      checklistItemId: params.itemId ?? '',
    },
    params.commentId ?? '',
  );
  return noContent();
});
