import { httpHandler, ok } from '#shared/http';
import { answerIncidentChecklistItem } from './answer.contract';
import { saveAnswer } from './answer-service';

export const handler = httpHandler(answerIncidentChecklistItem, async ({ caller, params, body, event }) =>
  ok(
    await saveAnswer(caller, 'incident', params.incidentId ?? '', params.checklistId ?? '', params.itemId ?? '', body, {
      userAgent: event.requestContext.http.userAgent ?? '',
    }),
  ),
);
