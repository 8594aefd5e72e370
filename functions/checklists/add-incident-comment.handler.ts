import { created, httpHandler } from '#shared/http';
import { incidentCommentRoutes } from './comment.contract';
import { addComment } from './comment-service';

export const handler = httpHandler(incidentCommentRoutes.add, async ({ caller, params, body }) =>
  created(
    await addComment(
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
