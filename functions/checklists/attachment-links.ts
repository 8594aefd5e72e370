import { type AssignableType, attachmentObject } from '#shared/data/keys';
import { presignDownload } from '#shared/file-store';
import type { Attachment, AttachmentView } from './checklist.schema';
import { checklistsWithAnswers, type ItemChecklists } from './checklist-repository';

/** An attachment with a presigned download URL (signed here, no request made). */
export async function attachmentView(
  type: AssignableType,
  accountId: string,
  itemId: string,
  attachment: Attachment,
): Promise<AttachmentView> {
  const key = attachmentObject(
    type,
    accountId,
    itemId,
    attachment.checklistId,
    attachment.checklistItemId,
    attachment.id,
  );
  const link = await presignDownload(key, attachment);
  return { ...attachment, url: link.url, urlExpiresAt: link.expiresAt };
}

/** {@link checklistsWithAnswers}, with each attachment's download URL. */
export async function checklistViews(
  type: AssignableType,
  accountId: string,
  itemId: string,
  read: ItemChecklists,
  include?: Parameters<typeof checklistsWithAnswers>[1],
) {
  const attachments = await Promise.all(read.attachments.map((a) => attachmentView(type, accountId, itemId, a)));
  return checklistsWithAnswers({ ...read, attachments }, include);
}
