import { httpHandler, ok } from '#shared/http';
import { answerJobChecklistItem } from './answer.contract';
import { saveAnswer } from './answer-service';

export const handler = httpHandler(answerJobChecklistItem, async ({ caller, params, body, event }) =>
  ok(
    await saveAnswer(caller, 'job', params.jobId ?? '', params.checklistId ?? '', params.itemId ?? '', body, {
      userAgent: event.requestContext.http.userAgent ?? '',
    }),
  ),
);
