import * as z from 'zod/mini';
import { component } from '#shared/contract';
import { type Checklist, checklistSectionsSchema } from '../checklist.schema';

/**
 * Checklist templates of job categories, defined once (free of the data layer and of the routes)
 * for the contract, the repository and the job creation that copies them.
 */

/** The most checklist templates one job category holds: every one of them fits in a new job's one transaction. */
export const checklistTemplateLimit = 10;

/**
 * A checklist template: a checklist definition without an audience (title and ordered sections of
 * items, the checklist's own schemas). A new job of the category gets a copy of each.
 */
export const checklistTemplateSchema = /* @__PURE__ */ component(
  'ChecklistTemplate',
  /* @__PURE__ */ z.object({
    id: z.string(),
    categoryId: z.string(),
    title: z.string(),
    sections: checklistSectionsSchema,
    version: z.int(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  }),
);
export type ChecklistTemplate = z.infer<typeof checklistTemplateSchema>;

/**
 * A job's checklist copied from a template: a snapshot (later edits of the template leave it as it
 * is) that names the template it came from. Sections and items keep the template's ids, which are
 * unique within the checklist as they are within the template.
 */
export function checklistFromTemplate(
  template: ChecklistTemplate,
  copy: { id: string; jobId: string; audience: Checklist['audience']; at: string; by: string },
): Checklist {
  return {
    id: copy.id,
    itemType: 'job',
    itemId: copy.jobId,
    title: template.title,
    audience: copy.audience,
    sections: structuredClone(template.sections),
    templateId: template.id,
    version: 1,
    createdAt: copy.at,
    createdBy: copy.by,
    updatedAt: copy.at,
    updatedBy: copy.by,
  };
}
