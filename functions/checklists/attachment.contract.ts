import * as z from 'zod/mini';
import { byOperation, component, defineRoute, documented, idSchema, requestIdSchema } from '#shared/contract';
import type { AssignableType } from '#shared/data/keys';
import { lazySchema } from '#shared/lazy-schema';
import { assignableTypes, itemParams, type WorkItemDescriptor } from '../work/shared/item-types';
import { answerSchema, attachmentSchema, attachmentViewSchema } from './checklist.schema';

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
  lazySchema(() =>
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
  ),
);
export type RequestUploadBody = z.infer<typeof requestUploadBody>;

const uploadSchema = component(
  'PresignedUpload',
  lazySchema(() =>
    z.object({
      url: z.string(),
      method: z.literal('PUT'),
      headers: documented(z.catchall(z.object({}), z.string()), {
        description: 'Send these headers as they are; the body must be exactly the declared size',
      }),
      expiresAt: z.string(),
    }),
  ),
);

/** The portal's attachment routes of one item type: request an upload, confirm it, delete one's own. */
function attachmentRoutesOf<T extends AssignableType>(type: WorkItemDescriptor<T>) {
  const base = `/portal${type.path}/{${type.param}}/checklists/{checklistId}/items/{itemId}/attachments`;
  const tags = ['portal'];
  const onAttachment = itemParams(type, { checklistId: idSchema, itemId: idSchema, attachmentId: idSchema });
  return {
    request: defineRoute({
      method: 'POST',
      path: base,
      auth: 'portal',
      operationId: `requestPortal${type.name}Upload`,
      summary: `Start attaching a file to a signature or photo item of the ${type.label}: answers a presigned PUT URL (15 minutes) for exactly that type and size (an allowed type, at most 20 MB, within the item's file limit)`,
      tags,
      params: itemParams(type, { checklistId: idSchema, itemId: idSchema }),
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
      operationId: `confirmPortal${type.name}Upload`,
      summary:
        'Confirm an upload: the stored file is checked (size, and first bytes matching the type), then it becomes part of the answer (a retry answers the same)',
      tags,
      params: onAttachment,
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
      operationId: `deletePortal${type.name}Attachment`,
      summary: 'Delete one of your own attachments (and take it out of the answer)',
      tags,
      params: onAttachment,
      responses: { 204: { description: 'Deleted' } },
    }),
  };
}

/** The portal's attachment routes of jobs and incidents, by operation, then by item type (one handler serves both). */
export const attachmentRoutes = byOperation({
  job: attachmentRoutesOf(assignableTypes.job),
  incident: attachmentRoutesOf(assignableTypes.incident),
});
