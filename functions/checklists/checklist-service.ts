import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import type { AssignableType } from '#shared/data/keys';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import type { AssignableKind } from '../work/assignable-reads';
import { loadForEdit } from '../work/shared/work-item-service';
import type { ChecklistBody, NewChecklistBody, UpdateChecklistBody } from './checklist.contract';
import type { Checklist, ChecklistItem } from './checklist.schema';
import { isAnswered } from './checklist-progress';
import { findChecklist, insertChecklist, listChecklistAnswers, replaceChecklist } from './checklist-repository';
import { checklistFromTemplate } from './templates/checklist-template';
import { findCategoryTemplate, templateNotFound } from './templates/checklist-template-repository';

/** The work item kind a checklist belongs to (jobs or incidents: `K`), passed in by the handler. */
export type ChecklistItemKind<K extends AssignableType = AssignableType> = AssignableKind<K>;

/** Sections and items with ids: kept where given (unique), new ones made. */
export function withIds(sections: ChecklistBody['sections']): Checklist['sections'] {
  const seen = new Set<string>();
  const unique = (id: string | undefined, path: string) => {
    const chosen = id ?? randomUUID();
    if (seen.has(chosen)) {
      throw new ValidationError('The checklist is not valid', [
        { path, code: 'duplicate_id', message: `id ${chosen} is used twice` },
      ]);
    }
    seen.add(chosen);
    return chosen;
  };
  return sections.map((section, s) => ({
    id: unique(section.id, `body.sections.${s}.id`),
    title: section.title,
    items: section.items.map((item, i) => ({
      id: unique(item.id, `body.sections.${s}.items.${i}.id`),
      label: item.label,
      ...(item.help ? { help: item.help } : {}),
      required: item.required,
      response: item.response,
    })),
  }));
}

/** Named external users must be assigned to the item now. */
function checkAudience(audience: ChecklistBody['audience'], assigned: readonly string[]) {
  if ('all' in audience) return;
  const missing = audience.externalUserIds.filter((id) => !assigned.includes(id));
  if (missing.length > 0) {
    throw new ValidationError('A checklist can name only external users assigned to the item', [
      { path: 'body.audience.externalUserIds', code: 'not_assigned', message: `not assigned: ${missing.join(', ')}` },
    ]);
  }
}

/**
 * Adds a checklist to an item the caller may edit (403/404 otherwise; 409 when archived): the
 * definition given, or a copy of a checklist template of the job's category (one GetItem of it
 * after the item's; 404 TEMPLATE_NOT_FOUND when the job has no category or it has no such template).
 */
export async function createChecklist<K extends AssignableType>(
  kind: ChecklistItemKind<K>,
  caller: StaffCaller,
  itemId: string,
  body: NewChecklistBody,
  clock: Clock = systemClock,
): Promise<Checklist> {
  const type = kind.type as AssignableType;
  const { current } = await loadForEdit(kind, caller, itemId);
  checkAudience(body.audience, current.externalUsers ?? []);
  const at = clock().toISOString();
  if ('templateId' in body) {
    const categoryId = 'categoryId' in current ? current.categoryId : undefined;
    const template = categoryId && (await findCategoryTemplate(caller.accountId, categoryId, body.templateId));
    if (!template) throw templateNotFound();
    const copy = { id: randomUUID(), jobId: itemId, audience: body.audience, at, by: caller.userId };
    const checklist = checklistFromTemplate(template, copy);
    await insertChecklist(caller.accountId, checklist, { assignees: current.externalUsers ?? [] });
    return checklist;
  }
  const checklist: Checklist = {
    id: randomUUID(),
    itemType: type,
    itemId,
    title: body.title,
    audience: body.audience,
    sections: withIds(
      body.sections.map((s) => ({ ...s, id: undefined, items: s.items.map((i) => ({ ...i, id: undefined })) })),
    ),
    version: 1,
    createdAt: at,
    createdBy: caller.userId,
    updatedAt: at,
    updatedBy: caller.userId,
  };
  await insertChecklist(caller.accountId, checklist, { assignees: current.externalUsers ?? [] });
  return checklist;
}

/**
 * Replaces a checklist. Before any answer, anything may change. Once answered, the change must
 * not destroy an answer: every answered item stays, with the same response type and settings
 * (its label, help and required flag may change); 409 CHECKLIST_ANSWERED names the others.
 */
export async function updateChecklist<K extends AssignableType>(
  kind: ChecklistItemKind<K>,
  caller: StaffCaller,
  itemId: string,
  checklistId: string,
  body: UpdateChecklistBody,
  clock: Clock = systemClock,
): Promise<Checklist> {
  const type = kind.type as AssignableType;
  const [{ current: item }, current, answers] = await Promise.all([
    loadForEdit(kind, caller, itemId),
    findChecklist(type, caller.accountId, itemId, checklistId),
    listChecklistAnswers(type, caller.accountId, itemId, checklistId),
  ]);
  if (!current) throw new NotFoundError('No such checklist on this item', 'CHECKLIST_NOT_FOUND');
  if (current.version !== body.version) {
    throw new ConflictError('The checklist changed meanwhile: read it and try again', { current }, 'STALE_VERSION');
  }
  checkAudience(body.audience, item.externalUsers ?? []);
  const sections = withIds(body.sections);
  const next = new Map<string, ChecklistItem>(sections.flatMap((s) => s.items.map((i) => [i.id, i] as const)));
  const before = new Map(current.sections.flatMap((s) => s.items.map((i) => [i.id, i] as const)));
  const broken = answers
    .filter((answer) => isAnswered(answer.value))
    .map((answer) => answer.checklistItemId)
    .filter((id) => {
      const after = next.get(id);
      return !after || JSON.stringify(after.response) !== JSON.stringify(before.get(id)?.response);
    });
  if (broken.length > 0) {
    throw new ConflictError(
      'Answered items cannot be removed or given another response',
      { checklistItemIds: broken },
      'CHECKLIST_ANSWERED',
    );
  }
  const updated: Checklist = {
    ...current,
    title: body.title,
    audience: body.audience,
    sections,
    version: current.version + 1,
    updatedAt: clock().toISOString(),
    updatedBy: caller.userId,
  };
  await replaceChecklist(
    caller.accountId,
    updated,
    current.version,
    () => new ConflictError('The checklist changed meanwhile: read it and try again', undefined, 'STALE_VERSION'),
    { assignees: item.externalUsers ?? [], itemVersion: item.version },
  );
  return updated;
}
