import { itemHandler, ok } from '#shared/http';
import { portalCaller } from '#shared/portal-caller';
import { commentRoutes } from './comment.contract';
import { editComment } from './comment-service';

export const handler = itemHandler(
  commentRoutes.edit,
  async ({ caller, item, params, body }) => {
    const place = { type: item.type, itemId: item.id, checklistId: params.checklistId, checklistItemId: params.itemId };
    return ok(await editComment(caller, place, params.commentId, body));
  },
  { portal: portalCaller },
);
