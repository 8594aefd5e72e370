import { itemHandler, ok } from '#shared/http';
import { portalCaller } from '#shared/portal-caller';
import { answerChecklistItem } from './answer.contract';
import { saveAnswer } from './answer-service';

export const handler = itemHandler(
  answerChecklistItem,
  async ({ caller, item, params, body, event }) =>
    ok(
      await saveAnswer(caller, item.type, item.id, params.checklistId, params.itemId, body, {
        userAgent: event.requestContext.http.userAgent ?? '',
      }),
    ),
  { portal: portalCaller },
);
