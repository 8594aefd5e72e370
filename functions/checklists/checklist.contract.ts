import * as z from 'zod/mini';
import type { $ZodRawIssue } from 'zod/v4/core';
import { byOperation, component, defineRoute, documented, idSchema, versionNumber } from '#shared/contract';
import type { AssignableType } from '#shared/data/keys';
import { assignableTypes, itemParams, type WorkItemDescriptor, withArticle } from '../work/shared/item-types';
import {
  audienceSchema,
  checklistLimits,
  checklistSchema,
  checklistWithAnswersSchema,
  responseSchema,
  text,
} from './checklist.schema';

const itemInput = z.strictObject({
  id: documented(z.optional(idSchema), { description: 'Keep an existing item (and its answer) by naming its id' }),
  label: text(300),
  help: z.optional(z.string().check(z.maxLength(2000, 'must be at most 2000 characters'))),
  required: z._default(z.boolean(), false),
  response: responseSchema,
});

const sectionInput = z.strictObject({
  id: z.optional(idSchema),
  title: text(200),
  items: z.array(itemInput).check(z.minLength(1, 'needs at least one item')),
});

export const checklistBody = component(
  'ChecklistBody',
  z
    .strictObject({
      title: text(200),
      audience: z._default(audienceSchema, { all: true }),
      sections: z
        .array(sectionInput)
        .check(
          z.minLength(1, 'needs at least one section'),
          z.maxLength(checklistLimits.sections, `at most ${checklistLimits.sections} sections`),
        ),
    })
    .check(
      z.refine(
        (body) => body.sections.reduce((n, s) => n + s.items.length, 0) <= checklistLimits.items,
        `at most ${checklistLimits.items} items in all`,
      ),
    ),
);
export type ChecklistBody = z.infer<typeof checklistBody>;

/** A job's new checklist as a copy of one of its category's checklist templates, instead of a whole definition. */
export const checklistFromTemplateBody = component(
  'ChecklistFromTemplate',
  z.strictObject({ templateId: idSchema, audience: z._default(audienceSchema, { all: true }) }),
  { description: "A checklist template of the job's category (404 TEMPLATE_NOT_FOUND otherwise), copied onto the job" },
);
export type ChecklistFromTemplateBody = z.infer<typeof checklistFromTemplateBody>;

/**
 * The body of a job's new checklist: a whole definition or a template. The form is chosen by
 * whether `templateId` is there, so a 400 names the fields of the form the client sent (a plain
 * union would answer one "invalid input" for the whole body); the union documents both.
 */
const newChecklistForms = z.union([checklistBody, checklistFromTemplateBody]);
const newJobChecklistBody = z.pipe(
  z.transform((input: unknown, ctx) => {
    const fromTemplate = typeof input === 'object' && input !== null && 'templateId' in input;
    const result = z.safeParse(fromTemplate ? checklistFromTemplateBody : checklistBody, input);
    if (result.success) return input as z.input<typeof newChecklistForms>;
    for (const issue of result.error.issues) ctx.issues.push({ ...issue, input } as $ZodRawIssue);
    // The pipe stops at these issues, unless they are all unknown keys: then the union that
    // follows (there for the types and the OpenAPI description) adds one "invalid input" after them.
    return z.NEVER;
  }),
  newChecklistForms,
);
export type NewChecklistBody = z.infer<typeof newJobChecklistBody>;

export const updateChecklistBody = component(
  'UpdateChecklistBody',
  z.strictObject({
    version: documented(versionNumber(), { description: 'The version you read; a stale one answers 409' }),
    title: text(200),
    audience: z._default(audienceSchema, { all: true }),
    sections: z.array(sectionInput).check(z.minLength(1), z.maxLength(checklistLimits.sections)),
  }),
);
export type UpdateChecklistBody = z.infer<typeof updateChecklistBody>;

/** The staff's checklist routes of one item type: list, create, update. */
function checklistRoutesOf<T extends AssignableType>(type: WorkItemDescriptor<T>) {
  const item = `${type.path}/{${type.param}}`;
  const a = withArticle(type.label);
  const tags = [type.tag];
  return {
    list: defineRoute({
      method: 'GET',
      path: `${item}/checklists`,
      auth: 'staff',
      operationId: `list${type.name}Checklists`,
      summary: `The checklists of ${a} the caller may see, with their answers and progress`,
      tags,
      params: itemParams(type),
      responses: {
        200: {
          description: 'The checklists',
          schema: z.object({ items: z.array(checklistWithAnswersSchema) }),
        },
      },
    }),
    create: defineRoute({
      method: 'POST',
      path: `${item}/checklists`,
      auth: 'staff',
      operationId: `create${type.name}Checklist`,
      summary: `Add a checklist to ${a} the caller may edit: ordered sections of items, each with its response type`,
      tags,
      params: itemParams(type),
      body: checklistBody,
      maxBodyBytes: 256 * 1024,
      responses: { 201: { description: 'The checklist', schema: checklistSchema } },
    }),
    update: defineRoute({
      method: 'PUT',
      path: `${item}/checklists/{checklistId}`,
      auth: 'staff',
      operationId: `update${type.name}Checklist`,
      summary: `Replace a checklist of ${a} the caller may edit; once answered, an answered item can be relabelled but not removed or given another response (409 CHECKLIST_ANSWERED)`,
      tags,
      params: itemParams(type, { checklistId: idSchema }),
      body: updateChecklistBody,
      maxBodyBytes: 256 * 1024,
      responses: { 200: { description: 'The checklist', schema: checklistSchema } },
    }),
  };
}

const jobRoutes = checklistRoutesOf(assignableTypes.job);

/** The staff's checklist routes of jobs and incidents, by operation, then by item type (one handler serves both). */
export const checklistRoutes = byOperation({
  job: {
    ...jobRoutes,
    create: defineRoute({
      ...jobRoutes.create,
      summary: `${jobRoutes.create.summary}, or a copy of one of the job category's checklist templates ({"templateId"})`,
      body: newJobChecklistBody,
    }),
  },
  incident: checklistRoutesOf(assignableTypes.incident),
});
