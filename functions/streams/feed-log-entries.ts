import { assignableOf } from '#shared/data/keys';
import type { StreamChange } from '#shared/stream-change';
import { type FeedLogSource, moveItemFeedLog, putFeedLogEntry } from '../feed/feed-log-repository';
import { latestWriteTime } from './change-time';
import type { StreamRecordProcessor } from './process-stream-batch';

/** The columns of the feed's Assignments and ChecklistAnswers rows an entry copies, by the record's entity. */
const copied = {
  Assignment: {
    kind: 'assignment',
    fields: [
      'externalUserId',
      'givenName',
      'familyName',
      'email',
      'status',
      'emailStatus',
      'assignedAt',
      'assignedBy',
      'revokedAt',
      'revokedBy',
      'updatedAt',
    ],
    parts: ['externalUserId'],
    at: 'updatedAt',
  },
  ChecklistAnswer: {
    kind: 'answer',
    fields: ['checklistId', 'checklistItemId', 'value', 'answeredBy', 'answeredAt'],
    parts: ['checklistId', 'checklistItemId'],
    at: 'answeredAt',
  },
} as const;

const pick = (record: Record<string, unknown> | undefined, fields: readonly string[]) =>
  Object.fromEntries(fields.map((field) => [field, record?.[field]]));

/**
 * The log entry an assignment or answer as stored (a stream image, or a record the backfill read)
 * gives: its item from its key, its columns, its time. Undefined for any other record, or one
 * without the facts an entry needs.
 */
export function feedLogSourceOf(
  entity: unknown,
  partitionKey: unknown,
  record: Record<string, unknown> | undefined,
): FeedLogSource | undefined {
  const spec = entity === 'Assignment' || entity === 'ChecklistAnswer' ? copied[entity] : undefined;
  const place = assignableOf(partitionKey);
  if (!spec || !place || !record) return undefined;
  const parts = spec.parts.map((name) => record[name]);
  const at = record[spec.at];
  if (!parts.every((part): part is string => typeof part === 'string') || typeof at !== 'string') return undefined;
  return {
    kind: spec.kind,
    type: place.type,
    accountId: place.accountId,
    itemId: place.itemId,
    parts,
    at,
    seenAt: latestWriteTime(record) ?? at,
    fields: pick(record, spec.fields),
  };
}

/** Whether an assignment's or answer's change changed what its entry copies (a link issued, say, does not). */
function copiedChange(change: StreamChange): FeedLogSource | undefined {
  if (change.eventName === 'REMOVE') return undefined;
  const source = feedLogSourceOf(change.entity, change.keys.pk, change.newImage);
  if (!source || change.eventName === 'INSERT') return source;
  const spec = copied[change.entity as keyof typeof copied];
  const before = JSON.stringify(pick(change.oldImage, spec.fields));
  return before === JSON.stringify(source.fields) ? undefined : source;
}

/** A job or incident whose privacy status the change moved: its entries follow it. */
function movedItem(change: StreamChange) {
  if (change.eventName !== 'MODIFY' || (change.entity !== 'Job' && change.entity !== 'Incident')) return undefined;
  if (change.oldImage?.privacyStatusId === change.newImage?.privacyStatusId) return undefined;
  return assignableOf(change.keys.pk);
}

/**
 * FEED-12: the feed's change log of assignments and answers, off the request path (an
 * autosave writes nothing more). An assignment or answer written puts its entry in its item's
 * class, by its modification time (a replay, or a change that left the copied columns as they
 * were, writes nothing); a job's or incident's change of privacy status moves its entries. So the
 * feed's `modifiedAt` ranges on Assignments and ChecklistAnswers are key conditions.
 */
export const feedLogEntries: StreamRecordProcessor = {
  name: 'feedLogEntries',
  handles: (change) => copiedChange(change) !== undefined || movedItem(change) !== undefined,
  async process(change) {
    const source = copiedChange(change);
    if (source) {
      await putFeedLogEntry(source);
      return;
    }
    const item = movedItem(change);
    if (item) await moveItemFeedLog(item.type, item.accountId, item.itemId);
  },
};
