import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger as sharedLogger } from '#shared/logger';
import { countMetrics } from '#shared/metrics';
import { type StreamChange, toStreamChange } from '#shared/stream-change';
import { type AuditEvent, auditEventOf } from '../audit/audit-event';
import { type AuditRecordRef, recordAuditEvents } from '../audit/audit-repository';
import { findCurrentTerms, type TermsRecord } from '../terms/terms-repository';
import { timeOfChange } from './change-time';
import type { StreamRecordProcessor } from './process-stream-batch';
import { BatchSummary, entityOf, StreamBatchError, type StreamLogger, withoutSequenceNumber } from './stream-batch';
import { auditTrailInterest, interestedIn } from './stream-interest';

/**
 * Which changes the audit trail files an entry for (issue 6): every external user action and the
 * staff's actions on their items; TTL deletions are entries of the system (R24).
 */
export const auditTrail: Pick<StreamRecordProcessor, 'name' | 'handles'> = {
  name: 'auditTrail',
  handles: (change) => auditEventOf(change) !== undefined,
};

/** What the audit trail's part of the consumer uses; tests give their own logger and counter. */
export interface AuditTrailDependencies {
  logger?: StreamLogger;
  count?: (counts: Record<string, number>) => void;
}

/** One record of a batch, read: its change and the entry it makes, if any. */
interface Read {
  change: StreamChange;
  event: AuditEvent | undefined;
}

/**
 * The records consumer's audit trail (`records-consumer.handler.ts` runs it on each batch beside the
 * dispatch of background work and the feed log, on the records of `auditTrailInterest`): one entry per stream record,
 * keyed by the record so a replay adds
 * nothing (R19) and an item's entries sort in the stream's order whatever order they are written in
 * (R20). The time is when the change was made, read from the record (`timeOfChange`): the same on
 * every delivery of the record, so the key stays that record's.
 *
 * A batch is read in order up to the first record that cannot be (an unknown event name), the
 * terms of the accounts with views read once each (in parallel), and the entries written together
 * (`recordAuditEvents`: BatchWriteItem, 25 a request, the requests in parallel), not one PutItem
 * awaited after another. The answer (ReportBatchItemFailures, R21) names the earliest record whose
 * entry may not be written, so Lambda retries from there: the entries after it that were written
 * are written again, to the same keys. As the in-order processors' part does, it throws instead when that is
 * the batch's first record (so Lambda bisects, R22) or a record has no sequence number, counts the
 * records processed (AuditRecordsProcessed) and the one failed (AuditRecordFailed), and logs
 * counts, event names and entity types, never the images (R11).
 */
export function createAuditTrailHandler(dependencies: AuditTrailDependencies = {}) {
  const log = dependencies.logger ?? sharedLogger;
  const count = dependencies.count ?? countMetrics;

  return async (batch: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const records = batch.Records;
    const missing = withoutSequenceNumber(records);
    if (missing !== -1) {
      throw new StreamBatchError(`Record ${missing + 1} of ${records.length} has no sequence number`);
    }
    let failedAt = records.length;
    let failure: unknown;
    const fail = (position: number, error: unknown) => {
      if (position >= failedAt) return;
      failedAt = position;
      failure = error;
    };

    const read: Read[] = [];
    for (const [position, record] of records.entries()) {
      try {
        const change = toStreamChange(record);
        read.push({ change, event: interestedIn(auditTrailInterest, change) ? auditEventOf(change) : undefined });
      } catch (error) {
        fail(position, error);
        break;
      }
    }

    const allowed = await viewsAllowed(read, fail);
    const writes: { event: AuditEvent; record: AuditRecordRef }[] = [];
    const positions: number[] = [];
    read.forEach(({ change, event }, position) => {
      if (!event || position >= failedAt || !allowed[position]) return;
      writes.push({
        event,
        record: {
          at: event.at ? new Date(event.at) : timeOfChange(change),
          sequenceNumber: change.sequenceNumber,
          eventId: change.eventId,
        },
      });
      positions.push(position);
    });
    const { unwritten, error } = await recordAuditEvents(writes);
    const firstUnwritten = unwritten[0];
    if (firstUnwritten !== undefined) fail(positions[firstUnwritten] as number, error);

    const summary = new BatchSummary(records.length);
    read.slice(0, failedAt).forEach(({ change, event }, position) => {
      summary.add(change, event && allowed[position] ? [auditTrail.name] : []);
    });
    if (failedAt === records.length) {
      log.info('Stream batch processed', { ...summary });
      count({ AuditRecordsProcessed: summary.processed });
      return { batchItemFailures: [] };
    }
    const record = records[failedAt] as DynamoDBRecord;
    log.error('Stream record failed', {
      position: failedAt + 1,
      records: records.length,
      eventName: record.eventName,
      entity: entityOf(record),
      processed: summary.processed,
      error: failure as Error,
    });
    count({ AuditRecordsProcessed: summary.processed, AuditRecordFailed: 1 });
    if (failedAt === 0) {
      throw new StreamBatchError(`The first of ${records.length} records failed; failing the batch`, {
        cause: failure,
      });
    }
    return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber as string }] };
  };
}

/**
 * For each record read, whether its entry may be filed: all but views the terms did not allow.
 * The current terms are read once per account in the batch, all in parallel; a read that fails
 * fails the first view that needed it (`fail`), and the records after it wait for the retry.
 */
async function viewsAllowed(read: readonly Read[], fail: (position: number, error: unknown) => void) {
  const terms = new Map<string, Promise<TermsRecord | undefined>>();
  for (const { event } of read) {
    if (event?.action === 'item_viewed' && !terms.has(event.accountId)) {
      const current = findCurrentTerms(event.accountId);
      current.catch(() => undefined); // awaited below, in order
      terms.set(event.accountId, current);
    }
  }
  const allowed: boolean[] = [];
  for (const [position, { change, event }] of read.entries()) {
    if (event?.action !== 'item_viewed') {
      allowed.push(true);
      continue;
    }
    try {
      allowed.push(viewAllowedByTerms(await terms.get(event.accountId), change.newImage ?? {}));
    } catch (error) {
      fail(position, error);
      break;
    }
  }
  return allowed;
}

/**
 * Whether a view noted on an item access record was one the terms allowed: the view's update runs
 * in parallel with the load's read of the current terms, so it cannot check them itself, and a
 * load refused for unaccepted terms must leave no entry. By the current terms: none published, or
 * the version the record says the user accepted; or the one before it, when the current one was
 * published after the view.
 */
function viewAllowedByTerms(current: TermsRecord | undefined, image: Record<string, unknown>): boolean {
  if (!current) return true;
  const accepted = image.termsVersion;
  if (accepted === current.termsVersion) return true;
  const viewedAt = typeof image.viewedAt === 'string' ? image.viewedAt : '';
  return accepted === current.termsVersion - 1 && current.publishedAt > viewedAt;
}
