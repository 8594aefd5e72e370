import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema, requestIdSchema, versionNumber } from '#shared/contract';
import type { AssignableType } from '#shared/data/keys';
import { lazySchema } from '#shared/lazy-schema';
import { assignableTypes, itemParams, type WorkItemDescriptor } from '../work/shared/item-types';
import { answerSchema, gpsSchema } from './checklist.schema';

export const saveAnswerBody = component(
  'SaveAnswerBody',
  lazySchema(() =>
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
  ),
);
export type SaveAnswerBody = z.infer<typeof saveAnswerBody>;

/** The portal's autosave of one answer, for one item type. */
function answerRoute<T extends AssignableType>(type: WorkItemDescriptor<T>) {
  return defineRoute({
    method: 'PUT',
    path: `/portal${type.path}/{${type.param}}/checklists/{checklistId}/items/{itemId}/answer`,
    auth: 'portal',
    operationId: `answerPortal${type.name}ChecklistItem`,
    summary: `Autosave one answer of a checklist item of the ${type.label} (one write that fails if access ended meanwhile); 409 with the current answer on a stale version`,
    tags: ['portal'],
    params: itemParams(type, { checklistId: idSchema, itemId: idSchema }),
    body: saveAnswerBody,
    maxBodyBytes: 16 * 1024,
    responses: { 200: { description: 'The saved answer', schema: answerSchema } },
  });
}

/** The portal's autosave of an answer on a job's or an incident's checklist, by item type (one handler serves both). */
export const answerChecklistItem = {
  job: answerRoute(assignableTypes.job),
  incident: answerRoute(assignableTypes.incident),
};
