import * as z from 'zod/mini';
import { component, docs, documented, idSchema, storableNumber } from '#shared/contract';
import { lazySchema } from '#shared/lazy-schema';

// Checklists as stored and answered: the record schemas the services read and write. The request
// bodies and routes are in checklist.contract.ts, so a function that only reads or answers
// checklists does not build the staff's checklist bodies at load (their zod schemas stay out of its bundle).

/** A checklist's size limits: a long site checklist fits; a runaway one cannot grow an item past DynamoDB's 400 KB. */
export const checklistLimits = { sections: 20, items: 200, options: 50 } as const;

/** Text of a checklist: trimmed, not empty, at most `max` characters. */
export const text = (max: number) =>
  z
    .string()
    .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `must be at most ${max} characters`));

const options = /* @__PURE__ */ lazySchema(() =>
  z.array(text(200)).check(
    z.minLength(2, 'needs at least 2 options'),
    z.maxLength(checklistLimits.options, `at most ${checklistLimits.options} options`),
    z.refine((list) => new Set(list.map((o) => o.toLowerCase())).size === list.length, 'options must differ'),
  ),
);

/**
 * How a checklist item is answered. A `signature` (one image) and a `photo` (up to `maxFiles`
 * photos or files) are answered by uploading attachments: the answer's value is the list of their
 * ids. An `instruction` is text to read and takes no answer.
 */
export const responseSchema = /* @__PURE__ */ component(
  'ChecklistResponse',
  /* @__PURE__ */ lazySchema(() =>
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
        .check(
          z.refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'min must not exceed max'),
        ),
      z.strictObject({ type: z.literal('date') }),
      z.strictObject({ type: z.literal('datetime') }),
      z.strictObject({ type: z.literal('single_choice'), options }),
      z.strictObject({ type: z.literal('multiple_choice'), options }),
      z.strictObject({ type: z.literal('signature') }),
      z.strictObject({
        type: z.literal('photo'),
        maxFiles: documented(
          z._default(z.int().check(z.minimum(1), z.maximum(20)), 5),
          docs && {
            description: 'How many photos or files the item takes',
          },
        ),
      }),
      z.strictObject({ type: z.literal('instruction') }),
    ]),
  ),
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
/** Who fills a checklist: every external user assigned to the item, or the named ones. */
export const audienceSchema = /* @__PURE__ */ component(
  'ChecklistAudience',
  /* @__PURE__ */ lazySchema(() =>
    z.union([
      z.strictObject({ all: z.literal(true) }),
      z.strictObject({ externalUserIds: z.array(idSchema).check(z.minLength(1), z.maxLength(50)) }),
    ]),
  ),
);

const checklistItemSchema = /* @__PURE__ */ lazySchema(() =>
  z.object({
    id: z.string(),
    label: z.string(),
    help: z.optional(z.string()),
    required: z.boolean(),
    response: responseSchema,
  }),
);
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

/**
 * A checklist's sections as stored, with ids for every section and item: a checklist's, and a job
 * category's checklist template's (which creating a job reads without the rest of a checklist).
 */
export const checklistSectionsSchema = /* @__PURE__ */ lazySchema(() =>
  z.array(z.object({ id: z.string(), title: z.string(), items: z.array(checklistItemSchema) })),
);

/** A checklist as stored and shown: ids for every section and item. */
export const checklistSchema = /* @__PURE__ */ component(
  'Checklist',
  /* @__PURE__ */ lazySchema(() =>
    z.object({
      id: z.string(),
      itemType: z.enum(['job', 'incident']),
      itemId: z.string(),
      title: z.string(),
      audience: audienceSchema,
      sections: checklistSectionsSchema,
      /** The job category's checklist template this checklist was copied from, if any. */
      templateId: z.optional(z.string()),
      version: z.int(),
      createdAt: z.string(),
      createdBy: z.string(),
      updatedAt: z.string(),
      updatedBy: z.string(),
    }),
  ),
);
export type Checklist = z.infer<typeof checklistSchema>;

/** Where an answer was given, if the browser shared it. */
export const gpsSchema = /* @__PURE__ */ component(
  'Gps',
  /* @__PURE__ */ lazySchema(() =>
    z.strictObject({
      lat: storableNumber().check(z.minimum(-90), z.maximum(90)),
      lng: storableNumber().check(z.minimum(-180), z.maximum(180)),
      accuracy: z.optional(storableNumber().check(z.minimum(0), z.maximum(100_000))),
    }),
  ),
);

/** One answer: one item in the table per checklist item. `value` null is an answer cleared. */
export const answerSchema = /* @__PURE__ */ component(
  'ChecklistAnswer',
  /* @__PURE__ */ lazySchema(() =>
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
  ),
);
export type Answer = z.infer<typeof answerSchema>;

/** Required answered / required, answered / answerable. */
export const progressSchema = /* @__PURE__ */ component(
  'ChecklistProgress',
  /* @__PURE__ */ lazySchema(() =>
    z.object({ requiredAnswered: z.int(), requiredTotal: z.int(), answered: z.int(), total: z.int() }),
  ),
);
export type Progress = z.infer<typeof progressSchema>;

/** A comment on a checklist item, by an external user; only its author may change or delete it. */
export const commentSchema = /* @__PURE__ */ component(
  'ChecklistComment',
  /* @__PURE__ */ lazySchema(() =>
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
  ),
);
export type Comment = z.infer<typeof commentSchema>;

/** An attachment as stored: pending until its upload is confirmed. */
export const attachmentSchema = /* @__PURE__ */ component(
  'ChecklistAttachment',
  /* @__PURE__ */ lazySchema(() =>
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
  ),
);
export type Attachment = z.infer<typeof attachmentSchema>;

/** A confirmed attachment as shown, with a presigned download URL. */
export const attachmentViewSchema = /* @__PURE__ */ component(
  'ChecklistAttachmentView',
  /* @__PURE__ */ lazySchema(() => z.extend(attachmentSchema, { url: z.string(), urlExpiresAt: z.string() })),
);
export type AttachmentView = z.infer<typeof attachmentViewSchema>;

export const checklistWithAnswersSchema = /* @__PURE__ */ component(
  'ChecklistWithAnswers',
  /* @__PURE__ */ lazySchema(() =>
    z.object({
      checklist: checklistSchema,
      answers: z.array(answerSchema),
      comments: z.array(commentSchema),
      attachments: z.array(attachmentViewSchema),
      progress: progressSchema,
    }),
  ),
);
