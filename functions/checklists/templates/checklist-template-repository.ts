import * as z from 'zod/mini';
import { jobCategoryTemplate, jobCategoryTemplateCount, jobCategoryTemplates } from '#shared/data/keys';
import {
  countAddUpTo,
  counterChange,
  deleteWhen,
  getItem,
  parseItem,
  putNew,
  putVersioned,
  queryAllByPrefix,
  transact,
} from '#shared/data/table';
import { ConflictError, NotFoundError } from '#shared/errors';
import { type ChecklistTemplate, checklistTemplateLimit, checklistTemplateSchema } from './checklist-template';

const storedTemplate = z.extend(checklistTemplateSchema, { entity: z.literal('ChecklistTemplate') });
const withoutEntity = ({ entity: _entity, ...template }: z.infer<typeof storedTemplate>): ChecklistTemplate => template;
const countField = 'templates';

/** 404 TEMPLATE_NOT_FOUND: no such template in this category (of this account). */
export const templateNotFound = () => new NotFoundError('No such checklist template', 'TEMPLATE_NOT_FOUND');

function item(accountId: string, template: ChecklistTemplate) {
  return {
    ...jobCategoryTemplate(accountId, template.categoryId, template.id),
    entity: 'ChecklistTemplate',
    ...template,
  };
}

/**
 * A job category's checklist templates, oldest first: one Query of the account's partition (a
 * further page only when the templates pass DynamoDB's 1 MB page, which 10 large ones can).
 */
export async function listCategoryTemplates(accountId: string, categoryId: string): Promise<ChecklistTemplate[]> {
  const templates = (
    await queryAllByPrefix(jobCategoryTemplates(accountId, categoryId), storedTemplate, {
      pageSize: checklistTemplateLimit,
    })
  ).map(withoutEntity);
  return templates.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** One GetItem: a template of the category, or undefined. */
export async function findCategoryTemplate(
  accountId: string,
  categoryId: string,
  templateId: string,
): Promise<ChecklistTemplate | undefined> {
  const found = await getItem(jobCategoryTemplate(accountId, categoryId, templateId), storedTemplate);
  return found && withoutEntity(found);
}

/**
 * One TransactWriteItems: the template and the category's template count + 1, which must stay
 * within the limit (409 TEMPLATE_LIMIT_REACHED), so two added at once cannot pass it together.
 */
export async function insertTemplate(accountId: string, template: ChecklistTemplate): Promise<void> {
  await transact(
    [
      { name: 'template', write: putNew(item(accountId, template)) },
      {
        name: 'templateCount',
        write: countAddUpTo(
          jobCategoryTemplateCount(accountId, template.categoryId),
          countField,
          1,
          checklistTemplateLimit,
        ),
      },
    ],
    (failed) =>
      failed.has('templateCount')
        ? new ConflictError(
            `A job category holds at most ${checklistTemplateLimit} checklist templates`,
            { limit: checklistTemplateLimit },
            'TEMPLATE_LIMIT_REACHED',
          )
        : failed.has('template')
          ? new ConflictError('The checklist template exists already')
          : new ConflictError("The category's templates changed at the same moment: try again"),
  );
}

/** One TransactWriteItems: the template's next version while the stored one is `expectedVersion` (409 with the current one). */
export async function replaceTemplate(
  accountId: string,
  template: ChecklistTemplate,
  expectedVersion: number,
): Promise<void> {
  await transact([{ name: 'template', write: putVersioned(item(accountId, template), expectedVersion) }], (failed) => {
    const current = failed.get('template');
    if (!current) return templateNotFound();
    return new ConflictError(
      'The checklist template changed meanwhile: read it and try again',
      { current: withoutEntity(parseItem(storedTemplate, current)) },
      'STALE_VERSION',
    );
  });
}

/** One TransactWriteItems: deletes the template (404 TEMPLATE_NOT_FOUND when absent) and counts it off. */
export async function removeTemplate(accountId: string, categoryId: string, templateId: string): Promise<void> {
  await transact(
    [
      {
        name: 'template',
        write: deleteWhen(jobCategoryTemplate(accountId, categoryId, templateId), {
          expression: 'attribute_exists(#entity)',
          names: { '#entity': 'entity' },
        }),
      },
      {
        name: 'templateCount',
        write: counterChange(jobCategoryTemplateCount(accountId, categoryId), countField, -1),
      },
    ],
    (failed) =>
      failed.has('template')
        ? templateNotFound()
        : new Error('A checklist template was deleted but its category counts none'),
  );
}
