import type { Checklist, Progress } from './checklist.schema';

/** What progress is counted from: the items' ids, required flags and response types, and the answers' values. */
export interface ProgressInput {
  sections: { items: { id: string; required: boolean; response: { type: string } }[] }[];
}

/** Whether a value answers its item: not cleared, and not an empty list of attachments. */
export const isAnswered = (value: unknown) => value !== null && !(Array.isArray(value) && value.length === 0);

/** Required answered / required total, answered / total, over the items that take an answer. */
export function progressOf(
  checklist: ProgressInput,
  answers: readonly { checklistItemId: string; value: unknown }[],
): Progress {
  const answered = new Set(answers.filter((a) => isAnswered(a.value)).map((a) => a.checklistItemId));
  const items = checklist.sections.flatMap((s) => s.items).filter((i) => i.response.type !== 'instruction');
  const required = items.filter((i) => i.required);
  return {
    requiredAnswered: required.filter((i) => answered.has(i.id)).length,
    requiredTotal: required.length,
    answered: items.filter((i) => answered.has(i.id)).length,
    total: items.length,
  };
}

/** Whether the external user may fill the checklist: everyone assigned, or one of those named. */
export const isFor = (checklist: Checklist, externalUserId: string) =>
  'all' in checklist.audience || checklist.audience.externalUserIds.includes(externalUserId);
