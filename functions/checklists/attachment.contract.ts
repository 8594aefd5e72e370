import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema, requestIdSchema } from '#shared/contract';
import { answerSchema, attachmentSchema, attachmentViewSchema } from './checklist.contract';

/** The largest attachment: 20 MB. */
export const maxAttachmentBytes = 20 * 1024 * 1024;

/** The content types each file-taking response type accepts (and what their first bytes must be). */
export const acceptedContentTypes = {
  signature: ['image/png', 'image/jpeg', 'image/webp'],
  photo: ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf'],
} as const;

/** How many files a signature takes. */
export const signatureFiles = 1;

const fileName = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(200, 'must be at most 200 characters'),
    z.regex(/^[^\\/\p{Cc}]+$/u, 'must be a file name, without "/", "\\" or control characters'),
  );

export const requestUploadBody = component(
  'AttachmentUploadRequest',
  z.strictObject({
    fileName,
    contentType: documented(z.string().check(z.maxLength(100)), { example: 'image/jpeg' }),
    size: documented(
      z
        .int()
        .check(
          z.minimum(1, 'must be at least 1 byte'),
          z.maximum(maxAttachmentBytes, `must be at most ${maxAttachmentBytes} bytes (20 MB)`),
        ),
      { description: 'The file size in bytes; the upload must be exactly this long' },
    ),
    requestId: z.optional(requestIdSchema),
  }),
);
export type RequestUploadBody = z.infer<typeof requestUploadBody>;

const uploadSchema = component(
  'PresignedUpload',
  z.object({
    url: z.string(),
    method: z.literal('PUT'),
    headers: documented(z.record(z.string(), z.string()), {
      description: 'Send these headers as they are; the body must be exactly the declared size',
    }),
    expiresAt: z.string(),
  }),
);

const params = (name: 'jobId' | 'incidentId', withAttachment: boolean) =>
  z.strictObject({
    [name]: idSchema,
    checklistId: idSchema,
    itemId: idSchema,
    ...(withAttachment ? { attachmentId: idSchema } : {}),
  }) as z.ZodMiniType<{ [k: string]: string }>;

/** The portal's attachment routes of one item type: request an upload, confirm it, delete one's own. */
function attachmentRoutes(type: 'job' | 'incident') {
  const param = type === 'job' ? 'jobId' : 'incidentId';
  const base = `/portal/${type === 'job' ? 'jobs' : 'incidents'}/{${param}}/checklists/{checklistId}/items/{itemId}/attachments`;
  const Type = type === 'job' ? 'Job' : 'Incident';
  const tags = ['portal'];
  return {
    request: defineRoute({
      method: 'POST',
      path: base,
      auth: 'portal',
      operationId: `requestPortal${Type}Upload`,
      summary: `Start attaching a file to a signature or photo item of the ${type}: answers a presigned PUT URL (15 minutes) for exactly that type and size (an allowed type, at most 20 MB, within the item's file limit)`,
      tags,
      params: params(param, false),
      body: requestUploadBody,
      responses: {
        201: {
          description:
            'The pending attachment and where to upload it (no `upload` when a retry finds its file confirmed already)',
          schema: z.object({ attachment: attachmentSchema, upload: z.optional(uploadSchema) }),
        },
      },
    }),
    confirm: defineRoute({
      method: 'POST',
      path: `${base}/{attachmentId}/confirm`,
      auth: 'portal',
      operationId: `confirmPortal${Type}Upload`,
      summary:
        'Confirm an upload: the stored file is checked (size, and first bytes matching the type), then it becomes part of the answer (a retry answers the same)',
      tags,
      params: params(param, true),
      responses: {
        200: {
          description: 'The attachment and the answer it is now part of',
          schema: z.object({ attachment: attachmentViewSchema, answer: answerSchema }),
        },
      },
    }),
    remove: defineRoute({
      method: 'DELETE',
      path: `${base}/{attachmentId}`,
      auth: 'portal',
      operationId: `deletePortal${Type}Attachment`,
      summary: 'Delete one of your own attachments (and take it out of the answer)',
      tags,
      params: params(param, true),
      responses: { 204: { description: 'Deleted' } },
    }),
  };
}

export const jobAttachmentRoutes = attachmentRoutes('job');
export const incidentAttachmentRoutes = attachmentRoutes('incident');
