import type { DynamoDBBatchItemFailure, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { logger } from '#shared/logger';
import type { StreamChange } from '#shared/stream-change';

// What the stream consumers' parts share about a batch (process-stream-batch.ts, in order;
// audit-trail.ts for the audit trail, written together; background-work.ts, the dispatch to the
// worker's queue): no Powertools here, so the batch-wide parts do not need it.

export type StreamLogger = Pick<typeof logger, 'info' | 'error'>;

/** Thrown when a batch must be failed whole, so Lambda retries it (and with bisect on, halves it). */
export class StreamBatchError extends Error {
  override readonly name = 'StreamBatchError';
}

type Counts = Record<string, number>;

function count(counts: Counts, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** What may be logged about a batch: counts, event names and entity types, never item contents. */
export class BatchSummary {
  readonly events: Counts = {};
  readonly entities: Counts = {};
  readonly processors: Counts = {};
  processed = 0;
  ttlExpiries = 0;

  constructor(readonly records: number) {}

  add(change: StreamChange, ranBy: string[]): void {
    this.processed += 1;
    count(this.events, change.eventName);
    count(this.entities, change.entity ?? '(none)');
    for (const name of ranBy) count(this.processors, name);
    if (change.isTtlExpiry) this.ttlExpiries += 1;
  }
}

/** The entity of a record that may not even unmarshal: for the failure log line only. */
export function entityOf(record: DynamoDBRecord): string | undefined {
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
  return image?.entity?.S;
}

/** The position of the first record without a sequence number (a batch that must fail whole), or -1. */
export const withoutSequenceNumber = (records: readonly DynamoDBRecord[]) =>
  records.findIndex((record) => !record.dynamodb?.SequenceNumber);

type BatchHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

/**
 * A stream consumer's parts on each batch at once (the records consumer's: the audit trail, its
 * entries written together; the dispatch of background work; the feed log, in stream order). Each
 * is idempotent (R19), so the answer names the earliest of their first failures and Lambda retries
 * from there, each part doing again what it may have missed; when any throws (a failure of the
 * batch's first record, or one without a sequence number) the batch fails whole, so Lambda
 * bisects (R22).
 */
export function bothOnEachBatch(...parts: BatchHandler[]): BatchHandler {
  return async (event) => {
    const outcomes = await Promise.allSettled(parts.map((part) => part(event)));
    const failures: DynamoDBBatchItemFailure[] = [];
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') throw outcome.reason;
      failures.push(...outcome.value.batchItemFailures);
    }
    const position = new Map(event.Records.map((record, index) => [record.dynamodb?.SequenceNumber, index]));
    const at = (failure: DynamoDBBatchItemFailure) => position.get(failure.itemIdentifier) ?? -1;
    const earliest = failures.reduce<DynamoDBBatchItemFailure | undefined>(
      (first, failure) => (first === undefined || at(failure) < at(first) ? failure : first),
      undefined,
    );
    return { batchItemFailures: earliest ? [earliest] : [] };
  };
}
