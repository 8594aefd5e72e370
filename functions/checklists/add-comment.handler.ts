import { created, itemHandler } from '#shared/http';
import { portalCaller } from '#shared/portal-caller';
import { commentRoutes } from './comment.contract';
import { addComment } from './comment-service';

export const handler = itemHandler(
  commentRoutes.add,
  async ({ caller, item, params, body }) => {
    const place = { type: item.type, itemId: item.id, checklistId: params.checklistId, checklistItemId: params.itemId };
    return created(await addComment(caller, place, body));
  },
  { portal: portalCaller },
);
