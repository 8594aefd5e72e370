import { assignableOf, attachmentObject } from '#shared/data/keys';
import type { StreamChange } from '#shared/stream-change';
import type { StreamRecordProcessor } from './process-stream-batch';

/** Where the file of an attachment that expired unconfirmed is; undefined for any other change. */
function abandonedFile(change: StreamChange): string | undefined {
  const old = change.oldImage;
  if (!change.isTtlExpiry || change.entity !== 'ChecklistAttachment' || old?.status !== 'pending') return undefined;
  const item = assignableOf(change.keys.pk);
  const { checklistId, checklistItemId, id } = old;
  if (!item || typeof checklistId !== 'string' || typeof checklistItemId !== 'string' || typeof id !== 'string') {
    return undefined;
  }
  return attachmentObject(item.type, item.accountId, item.itemId, checklistId, checklistItemId, id);
}

/**
 * Deletes the file of an upload that was never confirmed, when DynamoDB's TTL removes its pending
 * attachment: nothing refers to it, and nobody may fetch it. Deleting twice is harmless (R19).
 */
export function abandonedUploads(deps: { deleteFile: (key: string) => Promise<void> }): StreamRecordProcessor {
  return {
    name: 'abandonedUploads',
    handles: (change) => abandonedFile(change) !== undefined,
    async process(change) {
      const key = abandonedFile(change);
      if (key) await deps.deleteFile(key);
    },
  };
}
