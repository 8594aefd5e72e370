import { httpHandler, ok } from '#shared/http';
import { incidentCommentRoutes } from './comment.contract';
import { editComment } from './comment-service';

export const handler = httpHandler(incidentCommentRoutes.edit, async ({ caller, params, body }) =>
  ok(
    await editComment(
      caller,
      {
        type: 'incident',
        itemId: params.incidentId ?? '',
        checklistId: params.checklistId ?? '',
        checklistItemId: params.itemId ?? '',
      },
      params.commentId ?? '',
      body,
    ),
  ),
);
