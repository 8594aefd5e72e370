import * as z from 'zod/mini';
import type { $ZodRawIssue } from 'zod/v4/core';
import {
  byOperation,
  component,
  defineRoute,
  documented,
  idSchema,
  storableNumber,
  versionNumber,
} from '#shared/contract';
import type { AssignableType } from '#shared/data/keys';
import { assignableTypes, itemParams, type WorkItemDescriptor, withArticle } from '../work/shared/item-types';

/** A checklist's size limits: a long site checklist fits; a runaway one cannot grow an item past DynamoDB's 400 KB. */
export const checklistLimits = { sections: 20, items: 200, options: 50 } as const;

const text = (max: number) =>
  z
    .string()
    .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `must be at most ${max} characters`));

const options = z.array(text(200)).check(
  z.minLength(2, 'needs at least 2 options'),
  z.maxLength(checklistLimits.options, `at most ${checklistLimits.options} options`),
  z.refine((list) => new Set(list.map((o) => o.toLowerCase())).size === list.length, 'options must differ'),
);

/**
 * How a checklist item is answered. A `signature` (one image) and a `photo` (up to `maxFiles`
 * photos or files) are answered by uploading attachments: the answer's value is the list of their
 * ids. An `instruction` is text to read and takes no answer.
 */
export const responseSchema = component(
  'ChecklistResponse',
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('yes_no_na') }),
    z.strictObject({ type: z.literal('pass_fail_na') }),
    z.strictObject({
      type: z.literal('text'),
      maxLength: z._default(z.int().check(z.minimum(1), z.maximum(5000)), 1000),
    }),
    z
      .strictObject({
        type: z.literal('number'),
        min: z.optional(storableNumber()),
        max: z.optional(storableNumber()),
        unit: z.optional(text(20)),
      })
      .check(z.refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'min must not exceed max')),
    z.strictObject({ type: z.literal('date') }),
    z.strictObject({ type: z.literal('datetime') }),
    z.strictObject({ type: z.literal('single_choice'), options }),
    z.strictObject({ type: z.literal('multiple_choice'), options }),
    z.strictObject({ type: z.literal('signature') }),
    z.strictObject({
      type: z.literal('photo'),
      maxFiles: documented(z._default(z.int().check(z.minimum(1), z.maximum(20)), 5), {
        description: 'How many photos or files the item takes',
      }),
    }),
    z.strictObject({ type: z.literal('instruction') }),
  ]),
);
export type ChecklistResponse = z.infer<typeof responseSchema>;
export const responseTypes = [
  'yes_no_na',
  'pass_fail_na',
  'text',
  'number',
  'date',
  'datetime',
  'single_choice',
  'multiple_choice',
  'signature',
  'photo',
  'instruction',
] as const;

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

/** Who fills a checklist: every external user assigned to the item, or the named ones. */
export const audienceSchema = component(
  'ChecklistAudience',
  z.union([
    z.strictObject({ all: z.literal(true) }),
    z.strictObject({ externalUserIds: z.array(idSchema).check(z.minLength(1), z.maxLength(50)) }),
  ]),
);

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

const checklistItemSchema = z.object({
  id: z.string(),
  label: z.string(),
  help: z.optional(z.string()),
  required: z.boolean(),
  response: responseSchema,
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

/** A checklist as stored and shown: ids for every section and item. */
export const checklistSchema = component(
  'Checklist',
  z.object({
    id: z.string(),
    itemType: z.enum(['job', 'incident']),
    itemId: z.string(),
    title: z.string(),
    audience: audienceSchema,
    sections: z.array(z.object({ id: z.string(), title: z.string(), items: z.array(checklistItemSchema) })),
    /** The job category's checklist template this checklist was copied from, if any. */
    templateId: z.optional(z.string()),
    version: z.int(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  }),
);
export type Checklist = z.infer<typeof checklistSchema>;

/** Where an answer was given, if the browser shared it. */
export const gpsSchema = component(
  'Gps',
  z.strictObject({
    lat: storableNumber().check(z.minimum(-90), z.maximum(90)),
    lng: storableNumber().check(z.minimum(-180), z.maximum(180)),
    accuracy: z.optional(storableNumber().check(z.minimum(0), z.maximum(100_000))),
  }),
);

/** One answer: one item in the table per checklist item. `value` null is an answer cleared. */
export const answerSchema = component(
  'ChecklistAnswer',
  z.object({
    checklistId: z.string(),
    checklistItemId: z.string(),
    value: z.unknown(),
    answeredBy: z.object({ kind: z.enum(['external', 'staff']), id: z.string() }),
    answeredAt: z.string(),
    userAgent: z.string(),
    gps: z.optional(gpsSchema),
    requestId: z.string(),
    version: z.int(),
  }),
);
export type Answer = z.infer<typeof answerSchema>;

/** Required answered / required, answered / answerable. */
export const progressSchema = component(
  'ChecklistProgress',
  z.object({ requiredAnswered: z.int(), requiredTotal: z.int(), answered: z.int(), total: z.int() }),
);
export type Progress = z.infer<typeof progressSchema>;

/** A comment on a checklist item, by an external user; only its author may change or delete it. */
export const commentSchema = component(
  'ChecklistComment',
  z.object({
    id: z.string(),
    checklistId: z.string(),
    checklistItemId: z.string(),
    text: z.string(),
    author: z.object({ kind: z.enum(['external', 'staff']), id: z.string() }),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.int(),
  }),
);
export type Comment = z.infer<typeof commentSchema>;

/** An attachment as stored: pending until its upload is confirmed. */
export const attachmentSchema = component(
  'ChecklistAttachment',
  z.object({
    id: z.string(),
    checklistId: z.string(),
    checklistItemId: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    size: z.int(),
    status: z.enum(['pending', 'confirmed']),
    uploadedBy: z.object({ kind: z.enum(['external', 'staff']), id: z.string() }),
    createdAt: z.string(),
    /** Until when its upload URL works (a pending attachment past it no longer counts). */
    uploadExpiresAt: z.string(),
    confirmedAt: z.optional(z.string()),
  }),
);
export type Attachment = z.infer<typeof attachmentSchema>;

/** A confirmed attachment as shown, with a presigned download URL. */
export const attachmentViewSchema = component(
  'ChecklistAttachmentView',
  z.extend(attachmentSchema, { url: z.string(), urlExpiresAt: z.string() }),
);
export type AttachmentView = z.infer<typeof attachmentViewSchema>;

export const checklistWithAnswersSchema = component(
  'ChecklistWithAnswers',
  z.object({
    checklist: checklistSchema,
    answers: z.array(answerSchema),
    comments: z.array(commentSchema),
    attachments: z.array(attachmentViewSchema),
    progress: progressSchema,
  }),
);

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
