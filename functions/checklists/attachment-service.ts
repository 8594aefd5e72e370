import { type Clock, systemClock } from '#shared/clock';
import { attachmentObject } from '#shared/data/keys';
import type { Step } from '#shared/data/types';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import { deleteObject, presignUpload, readObjectStart } from '#shared/file-store';
import type { PortalCaller } from '#shared/http';
import { logger } from '#shared/logger';
import {
  acceptedContentTypes,
  maxAttachmentBytes,
  type RequestUploadBody,
  signatureFiles,
} from './attachment.contract';
import { attachmentView } from './attachment-links';
import type { Answer, Attachment, AttachmentView, ChecklistItem } from './checklist.schema';
import { type Definition, guardedWrite, withChecklistItem } from './checklist-write-guard';
import {
  answerWrite,
  attachmentDeleteWrite,
  type ChecklistItemPlace,
  confirmedAttachmentWrite,
  deletePendingAttachment,
  findAttachmentAndAnswer,
  listItemAttachments,
  pendingAttachmentWrite,
} from './checklist-write-repository';
import { bytesMatchType } from './file-signature';
import { createdId } from './request-ids';

/** Where an attachment goes: the item, the checklist, the checklist item. */
export type FilePlace = ChecklistItemPlace;

/** How long an upload URL works. */
const UPLOAD_SECONDS = 15 * 60;
/** How long an unconfirmed attachment is kept before DynamoDB's TTL removes it (and the stream its file). */
const PENDING_SECONDS = 24 * 60 * 60;

const objectOf = (caller: PortalCaller, place: FilePlace, id: string) =>
  attachmentObject(place.type, caller.accountId, place.itemId, place.checklistId, place.checklistItemId, id);
/** What a file-taking checklist item accepts; 400 for an item answered otherwise. */
function fileRules(item: ChecklistItem): { accepted: readonly string[]; maxFiles: number } {
  if (item.response.type === 'signature') return { accepted: acceptedContentTypes.signature, maxFiles: signatureFiles };
  if (item.response.type === 'photo') return { accepted: acceptedContentTypes.photo, maxFiles: item.response.maxFiles };
  throw new ValidationError(`"${item.label}" takes no files`, [
    { path: 'params.itemId', code: 'not_a_file_item', message: `is answered as ${item.response.type}, not with files` },
  ]);
}

const limitReached = (maxFiles: number) =>
  new ConflictError(
    `This item takes at most ${maxFiles} ${maxFiles === 1 ? 'file' : 'files'}: delete one first`,
    { maxFiles },
    'ATTACHMENT_LIMIT',
  );

/**
 * Starts an attachment on a signature or photo item: the type must be one the item accepts (400
 * naming `body.contentType`), the item must have room (409 ATTACHMENT_LIMIT, counting confirmed
 * files and uploads still under way), then a pending attachment is written behind the portal
 * write guard and a presigned PUT for exactly that type and size is answered. With a
 * `requestId`, a retry of the same request answers the attachment it started (with its upload URL
 * while it is pending) and writes nothing.
 */
export async function requestUpload(
  caller: PortalCaller,
  place: FilePlace,
  body: RequestUploadBody,
  clock: Clock = systemClock,
) {
  return withChecklistItem(caller, place, async ({ definition, item }) => {
    const rules = fileRules(item);
    const contentType = body.contentType.toLowerCase();
    if (!rules.accepted.includes(contentType)) {
      throw new ValidationError('This type of file is not accepted here', [
        { path: 'body.contentType', code: 'refused_type', message: `must be one of ${rules.accepted.join(', ')}` },
      ]);
    }
    const now = clock();
    const existing = await listItemAttachments(caller, place);
    const id = createdId(caller.externalUserId, body.requestId);
    // The same request again, after it landed: the attachment it started, and nothing written.
    const started = existing.find((a) => a.id === id && a.uploadedBy.id === caller.externalUserId);
    if (started) return startedUpload(caller, place, started, now);
    const counted = existing.filter((a) => a.status === 'confirmed' || Date.parse(a.uploadExpiresAt) > now.getTime());
    if (counted.length >= rules.maxFiles) throw limitReached(rules.maxFiles);
    const attachment: Attachment = {
      id,
      checklistId: place.checklistId,
      checklistItemId: place.checklistItemId,
      fileName: body.fileName,
      contentType,
      size: body.size,
      status: 'pending',
      uploadedBy: { kind: 'external', id: caller.externalUserId },
      createdAt: now.toISOString(),
      uploadExpiresAt: new Date(now.getTime() + UPLOAD_SECONDS * 1000).toISOString(),
    };
    const outcome = await guardedWrite(
      caller,
      place.type,
      place.itemId,
      definition,
      pendingAttachmentWrite(caller, place, attachment, new Date(now.getTime() + PENDING_SECONDS * 1000)),
      now,
      () => new ConflictError('The attachment exists already'),
    );
    if (outcome === 'stale') return 'retry';
    return startedUpload(caller, place, attachment, now);
  });
}

/**
 * A started attachment and where to upload its file: a presigned PUT (no request made) that works
 * until the attachment's upload time is over; none once the file is confirmed.
 */
async function startedUpload(caller: PortalCaller, place: FilePlace, attachment: Attachment, now: Date) {
  if (attachment.status === 'confirmed') return { attachment };
  const seconds = Math.max(1, Math.floor((Date.parse(attachment.uploadExpiresAt) - now.getTime()) / 1000));
  const upload = await presignUpload(objectOf(caller, place, attachment.id), attachment, seconds);
  return {
    attachment,
    upload: {
      url: upload.url,
      method: 'PUT' as const,
      headers: { 'content-type': attachment.contentType },
      expiresAt: upload.expiresAt,
    },
  };
}

/** The attachment and the item's answer, in one BatchGetItem; 404/403 unless it is the caller's. */
async function readOwn(caller: PortalCaller, place: FilePlace, attachmentId: string) {
  const { attachment, answer } = await findAttachmentAndAnswer(caller, place, attachmentId);
  if (!attachment) throw new NotFoundError('No such attachment', 'ATTACHMENT_NOT_FOUND');
  if (attachment.uploadedBy.id !== caller.externalUserId) {
    throw new ForbiddenError('Only who attached a file may change it', 'NOT_YOUR_ATTACHMENT');
  }
  return { attachment, answer };
}

const idsOf = (answer: Answer | undefined): string[] =>
  Array.isArray(answer?.value) ? answer.value.filter((v): v is string => typeof v === 'string') : [];

/** The answer's Put, while the stored one is still the version read (or there is still none). */
const nextAnswerWrite = (caller: PortalCaller, place: FilePlace, current: Answer | undefined, next: Answer) =>
  answerWrite(caller, place, next, current?.version ?? 0);

/**
 * The writes behind the portal write guard (see `guardedWrite`), answering 'stale' both when the
 * checklist changed and when a write's own condition failed: another confirm or delete on the
 * item changed the attachment or the answer meanwhile, so the caller reads again and retries.
 */
async function writeOrRetry(
  caller: PortalCaller,
  place: FilePlace,
  definition: Definition,
  now: Date,
  writes: Step[],
): Promise<'done' | 'stale'> {
  const lostRace = new ConflictError('The answer changed meanwhile');
  return guardedWrite(caller, place.type, place.itemId, definition, writes, now, () => lostRace).catch(
    (error: unknown) => {
      if (error === lostRace) return 'stale' as const;
      throw error;
    },
  );
}

/** What is wrong with the stored file, in words; undefined when it is what was announced. */
function fileProblem(attachment: Attachment, stored: { size: number; start: Uint8Array }): string | undefined {
  if (stored.size > maxAttachmentBytes) return `the file is larger than ${maxAttachmentBytes} bytes (20 MB)`;
  if (stored.size !== attachment.size) {
    return `the file has ${stored.size} bytes, not the ${attachment.size} announced`;
  }
  if (!bytesMatchType(attachment.contentType, stored.start))
    return `the file's content is not ${attachment.contentType}`;
  return undefined;
}

/** Removes a refused or abandoned upload: its file, then its pending record. */
async function discard(caller: PortalCaller, place: FilePlace, attachment: Attachment) {
  await deleteObject(objectOf(caller, place, attachment.id));
  await deletePendingAttachment(caller, place, attachment.id).catch((error: unknown) =>
    logger.warn('A refused upload was not discarded', { error }),
  );
}

/**
 * Confirms an upload: the stored file must exist (409 UPLOAD_MISSING), have the announced size and
 * begin with the bytes of its type (else it is deleted and 400 says why); then, behind the portal
 * write guard and in the same transaction, the attachment is confirmed and added to the item's
 * answer (within the item's file limit). A confirmed attachment answers the same again.
 */
export async function confirmUpload(
  caller: PortalCaller,
  place: FilePlace,
  attachmentId: string,
  origin: { userAgent: string },
  clock: Clock = systemClock,
): Promise<{ attachment: AttachmentView; answer: Answer }> {
  return withChecklistItem(caller, place, async ({ definition, item }) => {
    const rules = fileRules(item);
    const { attachment, answer } = await readOwn(caller, place, attachmentId);
    const view = (a: Attachment) => attachmentView(place.type, caller.accountId, place.itemId, a);
    if (attachment.status === 'confirmed' && answer) return { attachment: await view(attachment), answer };
    const stored = await readObjectStart(objectOf(caller, place, attachment.id));
    if (!stored) {
      throw new ConflictError('Upload the file to its URL first, then confirm it', undefined, 'UPLOAD_MISSING');
    }
    const problem = fileProblem(attachment, stored);
    if (problem) {
      await discard(caller, place, attachment);
      throw new ValidationError('The uploaded file was refused and deleted', [
        { path: 'file', code: 'file_refused', message: problem },
      ]);
    }
    const ids = idsOf(answer);
    if (ids.length >= rules.maxFiles) {
      await discard(caller, place, attachment);
      throw limitReached(rules.maxFiles);
    }
    const now = clock();
    const confirmed: Attachment = { ...attachment, status: 'confirmed', confirmedAt: now.toISOString() };
    const next: Answer = {
      checklistId: place.checklistId,
      checklistItemId: place.checklistItemId,
      value: [...ids, attachment.id],
      answeredBy: { kind: 'external', id: caller.externalUserId },
      answeredAt: now.toISOString(),
      userAgent: origin.userAgent.slice(0, 512),
      requestId: `attach-${attachment.id}`,
      version: (answer?.version ?? 0) + 1,
    };
    const outcome = await writeOrRetry(caller, place, definition, now, [
      confirmedAttachmentWrite(caller, place, confirmed),
      nextAnswerWrite(caller, place, answer, next),
    ]);
    if (outcome === 'stale') return 'retry';
    return { attachment: await view(confirmed), answer: next };
  });
}

/**
 * Deletes the caller's own attachment behind the portal write guard, taking it out of the answer
 * in the same transaction (an answer left with no files is cleared); then its file.
 */
export async function deleteAttachment(
  caller: PortalCaller,
  place: FilePlace,
  attachmentId: string,
  origin: { userAgent: string },
  clock: Clock = systemClock,
): Promise<void> {
  await withChecklistItem(caller, place, async ({ definition }) => {
    const { attachment, answer } = await readOwn(caller, place, attachmentId);
    const now = clock();
    const ids = idsOf(answer);
    const writes: Step[] = [attachmentDeleteWrite(caller, place, attachment.id)];
    if (answer && ids.includes(attachment.id)) {
      const rest = ids.filter((id) => id !== attachment.id);
      writes.push(
        nextAnswerWrite(caller, place, answer, {
          ...answer,
          value: rest.length > 0 ? rest : null,
          answeredBy: { kind: 'external', id: caller.externalUserId },
          answeredAt: now.toISOString(),
          userAgent: origin.userAgent.slice(0, 512),
          requestId: `detach-${attachment.id}`,
          version: answer.version + 1,
        }),
      );
    }
    const outcome = await writeOrRetry(caller, place, definition, now, writes);
    if (outcome === 'stale') return 'retry';
    await deleteObject(objectOf(caller, place, attachment.id)).catch((error: unknown) =>
      logger.warn('An attachment was deleted but its file was not', { error }),
    );
    return undefined;
  });
}
