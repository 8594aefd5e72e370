import type { DynamoDBRecord } from 'aws-lambda';
import type { logger } from '#shared/logger';
import type { StreamChange } from '#shared/stream-change';

// What both stream consumers share about a batch (process-stream-batch.ts for the rest, in order;
// audit-trail.ts for the audit trail, written in parallel): no Powertools here, so the audit
// consumer does not bundle it.

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
