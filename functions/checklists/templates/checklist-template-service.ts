import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import { ConflictError, NotFoundError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { findJobCategory } from '../../work/job-categories/job-category-repository';
import { authorise } from '../../work/job-categories/job-category-service';
import { withIds } from '../checklist-service';
import type { ChecklistTemplate } from './checklist-template';
import type { CreateChecklistTemplateBody, UpdateChecklistTemplateBody } from './checklist-template.contract';
import {
  findCategoryTemplate,
  insertTemplate,
  listCategoryTemplates,
  removeTemplate,
  replaceTemplate,
  templateNotFound,
} from './checklist-template-repository';

// Managing a category's checklist templates is editing the category: an "other setting" of the
// admin roles (403 for anyone else with Jobs access, 404 without it).
const manage = (caller: StaffCaller) => authorise(caller, 'edit');

const categoryNotFound = () => new NotFoundError('No such job category');

/** A category's checklist templates, oldest first: the caller's and the category's GetItems and one Query, in parallel. */
export async function listChecklistTemplates(caller: StaffCaller, categoryId: string) {
  const [, category, templates] = await Promise.all([
    manage(caller),
    findJobCategory(caller.accountId, categoryId),
    listCategoryTemplates(caller.accountId, categoryId),
  ]);
  if (!category) throw categoryNotFound();
  return { items: templates };
}

/** Adds a checklist template to a category (404 when there is none; 409 TEMPLATE_LIMIT_REACHED past the limit). */
export async function createChecklistTemplate(
  caller: StaffCaller,
  categoryId: string,
  body: CreateChecklistTemplateBody,
  clock: Clock = systemClock,
): Promise<ChecklistTemplate> {
  const [me, category] = await Promise.all([manage(caller), findJobCategory(caller.accountId, categoryId)]);
  if (!category) throw categoryNotFound();
  const at = clock().toISOString();
  const template: ChecklistTemplate = {
    id: randomUUID(),
    categoryId,
    title: body.title,
    // A new template's sections and items get new ids, whatever the body names.
    sections: withIds(
      body.sections.map((s) => ({ ...s, id: undefined, items: s.items.map((i) => ({ ...i, id: undefined })) })),
    ),
    version: 1,
    createdAt: at,
    createdBy: me.id,
    updatedAt: at,
    updatedBy: me.id,
  };
  await insertTemplate(caller.accountId, template);
  return template;
}

/**
 * Replaces a template if `body.version` is current (409 STALE_VERSION with the current one).
 * Sections and items named by id keep it; checklists copied from the template are not changed.
 */
export async function updateChecklistTemplate(
  caller: StaffCaller,
  categoryId: string,
  templateId: string,
  body: UpdateChecklistTemplateBody,
  clock: Clock = systemClock,
): Promise<ChecklistTemplate> {
  const [me, current] = await Promise.all([
    manage(caller),
    findCategoryTemplate(caller.accountId, categoryId, templateId),
  ]);
  if (!current) throw templateNotFound();
  if (current.version !== body.version) {
    throw new ConflictError(
      'The checklist template changed meanwhile: read it and try again',
      { current },
      'STALE_VERSION',
    );
  }
  const next: ChecklistTemplate = {
    ...current,
    title: body.title,
    sections: withIds(body.sections),
    version: current.version + 1,
    updatedAt: clock().toISOString(),
    updatedBy: me.id,
  };
  await replaceTemplate(caller.accountId, next, current.version);
  return next;
}

/** Deletes a template (404 TEMPLATE_NOT_FOUND when there is none): the caller's GetItem, then one transaction. */
export async function deleteChecklistTemplate(caller: StaffCaller, categoryId: string, templateId: string) {
  await manage(caller);
  await removeTemplate(caller.accountId, categoryId, templateId);
}
