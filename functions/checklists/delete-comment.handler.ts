import { itemHandler, noContent } from '#shared/http';
import { portalCaller } from '#shared/portal-caller';
import { commentRoutes } from './comment.contract';
import { deleteComment } from './comment-service';

export const handler = itemHandler(
  commentRoutes.remove,
  async ({ caller, item, params }) => {
    const place = { type: item.type, itemId: item.id, checklistId: params.checklistId, checklistItemId: params.itemId };
    await deleteComment(caller, place, params.commentId);
    return noContent();
  },
  { portal: portalCaller },
);
