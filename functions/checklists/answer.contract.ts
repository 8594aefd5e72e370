import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema, requestIdSchema, versionNumber } from '#shared/contract';
import { answerSchema, gpsSchema } from './checklist.contract';

export const saveAnswerBody = component(
  'SaveAnswerBody',
  z.strictObject({
    value: documented(z.unknown(), {
      description:
        'yes_no_na: "yes" | "no" | "na"; pass_fail_na: "pass" | "fail" | "na"; text: a string; number: a number; date: "YYYY-MM-DD"; datetime: ISO 8601 with offset; single_choice: one option; multiple_choice: options; null clears the answer',
    }),
    version: documented(versionNumber(0), {
      description: 'The answer version you read, 0 for none yet; a stale one answers 409 with the current answer',
    }),
    requestId: requestIdSchema,
    gps: z.optional(gpsSchema),
  }),
);
export type SaveAnswerBody = z.infer<typeof saveAnswerBody>;

const answerParams = (name: 'jobId' | 'incidentId') =>
  z.strictObject({ [name]: idSchema, checklistId: idSchema, itemId: idSchema }) as z.ZodMiniType<{
    [k: string]: string;
  }>;

/** The portal's autosave of one answer, for one item type. */
function answerRoute(type: 'job' | 'incident') {
  const param = type === 'job' ? 'jobId' : 'incidentId';
  const base = type === 'job' ? '/jobs' : '/incidents';
  const Type = type === 'job' ? 'Job' : 'Incident';
  return defineRoute({
    method: 'PUT',
    path: `/portal${base}/{${param}}/checklists/{checklistId}/items/{itemId}/answer`,
    auth: 'portal',
    operationId: `answerPortal${Type}ChecklistItem`,
    summary: `Autosave one answer of a checklist item of the ${type} (one write that fails if access ended meanwhile); 409 with the current answer on a stale version`,
    tags: ['portal'],
    params: answerParams(param),
    body: saveAnswerBody,
    maxBodyBytes: 16 * 1024,
    responses: { 200: { description: 'The saved answer', schema: answerSchema } },
  });
}

export const answerJobChecklistItem = answerRoute('job');
export const answerIncidentChecklistItem = answerRoute('incident');
