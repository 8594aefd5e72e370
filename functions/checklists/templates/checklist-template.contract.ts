import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema, versionNumber } from '#shared/contract';
import { checklistBody } from '../checklist.contract';
import { checklistLimits } from '../checklist.schema';
import { checklistTemplateLimit, checklistTemplateSchema } from './checklist-template';

// A checklist's own rule for its total number of items, over the same sections.
const withinItemLimit = z.refine<{ sections: { items: unknown[] }[] }>(
  (body) => body.sections.reduce((n, s) => n + s.items.length, 0) <= checklistLimits.items,
  `at most ${checklistLimits.items} items in all`,
);

export const createChecklistTemplateBody = component(
  'CreateChecklistTemplate',
  z.strictObject({ title: checklistBody.shape.title, sections: checklistBody.shape.sections }).check(withinItemLimit),
);
export type CreateChecklistTemplateBody = z.infer<typeof createChecklistTemplateBody>;

export const updateChecklistTemplateBody = component(
  'UpdateChecklistTemplate',
  z
    .strictObject({
      version: documented(versionNumber(), {
        description: 'The version you read; a stale one answers 409',
      }),
      title: checklistBody.shape.title,
      sections: checklistBody.shape.sections,
    })
    .check(withinItemLimit),
);
export type UpdateChecklistTemplateBody = z.infer<typeof updateChecklistTemplateBody>;

const categoryParams = z.strictObject({ categoryId: idSchema });
const templateParams = z.strictObject({ categoryId: idSchema, templateId: idSchema });
const managers = 'other settings: admin roles, as editing the category';

export const listChecklistTemplates = defineRoute({
  method: 'GET',
  path: '/job-categories/{categoryId}/checklist-templates',
  auth: 'staff',
  operationId: 'listChecklistTemplates',
  summary: `A job category's checklist templates, oldest first (${managers})`,
  tags: ['jobs'],
  params: categoryParams,
  responses: {
    200: { description: 'The templates', schema: z.object({ items: z.array(checklistTemplateSchema) }) },
  },
});

export const createChecklistTemplate = defineRoute({
  method: 'POST',
  path: '/job-categories/{categoryId}/checklist-templates',
  auth: 'staff',
  operationId: 'createChecklistTemplate',
  summary: `Add a checklist template to a job category, at most ${checklistTemplateLimit} (409 TEMPLATE_LIMIT_REACHED; ${managers}). New jobs of the category get a copy of it`,
  tags: ['jobs'],
  params: categoryParams,
  body: createChecklistTemplateBody,
  maxBodyBytes: 256 * 1024,
  responses: { 201: { description: 'The template', schema: checklistTemplateSchema } },
});

export const updateChecklistTemplate = defineRoute({
  method: 'PUT',
  path: '/job-categories/{categoryId}/checklist-templates/{templateId}',
  auth: 'staff',
  operationId: 'updateChecklistTemplate',
  summary: `Replace a checklist template (with the version read; 409 STALE_VERSION otherwise; ${managers}). Checklists copied from it earlier stay as they are`,
  tags: ['jobs'],
  params: templateParams,
  body: updateChecklistTemplateBody,
  maxBodyBytes: 256 * 1024,
  responses: { 200: { description: 'The template', schema: checklistTemplateSchema } },
});

export const deleteChecklistTemplate = defineRoute({
  method: 'DELETE',
  path: '/job-categories/{categoryId}/checklist-templates/{templateId}',
  auth: 'staff',
  operationId: 'deleteChecklistTemplate',
  summary: `Delete a checklist template (${managers}). Checklists copied from it stay`,
  tags: ['jobs'],
  params: templateParams,
  responses: { 204: { description: 'Deleted' } },
});
