import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { BaseRecord, BatchProcessingOptions } from '@aws-lambda-powertools/batch/types';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger as sharedLogger } from '#shared/logger';
import { countMetrics } from '#shared/metrics';
import { type StreamChange, toStreamChange } from '#shared/stream-change';
import { BatchSummary, entityOf, StreamBatchError, type StreamLogger, withoutSequenceNumber } from './stream-batch';
import { interestedIn, type StreamInterest } from './stream-interest';

/**
 * One job a stream consumer does record by record, in stream order (e-mails, notifications,
 * derived rows, the feed log …; the audit trail writes a batch's entries together, `audit-trail.ts`). It looks at every change
 * and says by `handles` (usually by `change.entity`) whether it acts on it.
 *
 * `process` must be idempotent (docs/security.md R19): after a failure Lambda delivers the failed
 * record again, and every processor that already succeeded on it runs again too.
 */
export interface StreamRecordProcessor {
  /** Shown in the logs' counts. */
  readonly name: string;
  handles(change: StreamChange): boolean;
  process(change: StreamChange): Promise<void>;
}

export { StreamBatchError, type StreamLogger } from './stream-batch';

/** A processor, and the records it is given at all (its stream interest), if limited. */
type Gated = { processor: StreamRecordProcessor; interest?: StreamInterest };

/** Runs every processor that handles the record's change; what it returns is the record's success. */
async function runProcessors(record: DynamoDBRecord, processors: readonly Gated[]) {
  const change = toStreamChange(record);
  const ranBy: string[] = [];
  for (const { processor, interest } of processors) {
    if (interest && !interestedIn(interest, change)) continue;
    if (!processor.handles(change)) continue;
    await processor.process(change);
    ranBy.push(processor.name);
  }
  return { change, ranBy };
}

type Processed = Awaited<ReturnType<typeof runProcessors>>;

/**
 * Powertools' DynamoDB Streams `BatchProcessor`, held to stream order and to stopping at the first
 * failure: records run one at a time; after a failure the rest are failed unseen (as its SQS FIFO
 * processor does); only the first failure is reported; a failure of the first record, or a
 * record without a sequence number, fails the batch (StreamBatchError). One per invocation: the
 * summary is the invocation's own.
 */
class InOrderStreamProcessor extends BatchProcessor {
  #summary = new BatchSummary(0);

  constructor(
    private readonly log: StreamLogger,
    private readonly count: (counts: Record<string, number>) => void,
  ) {
    super(EventType.DynamoDBStreams);
  }

  override register(records: BaseRecord[], handler: CallableFunction, options?: BatchProcessingOptions): this {
    return super.register(records, handler, { ...options, processInParallel: false });
  }

  override prepare(): void {
    super.prepare();
    const records = this.records as DynamoDBRecord[];
    const missing = withoutSequenceNumber(records);
    if (missing !== -1) {
      throw new StreamBatchError(`Record ${missing + 1} of ${records.length} has no sequence number`);
    }
    this.#summary = new BatchSummary(records.length);
  }

  override async processRecord(record: DynamoDBRecord) {
    if (this.failureMessages.length > 0) {
      return this.failureHandler(record, new Error('Not processed: an earlier record failed'));
    }
    const result = await super.processRecord(record);
    if (result[0] === 'success') {
      const { change, ranBy } = result[1] as Processed;
      this.#summary.add(change, ranBy);
    } else {
      this.log.error('Stream record failed', {
        position: this.records.indexOf(record) + 1,
        records: this.records.length,
        eventName: record.eventName,
        entity: entityOf(record),
        processed: this.#summary.processed,
        error: this.errors[0] as Error,
      });
      this.count({ StreamRecordsProcessed: this.#summary.processed, StreamRecordFailed: 1 });
    }
    return result;
  }

  override clean(): void {
    if (this.records.length > 0 && this.failureMessages[0] === this.records[0]) {
      throw new StreamBatchError(`The first of ${this.records.length} records failed; failing the batch`, {
        cause: this.errors[0],
      });
    }
    if (this.failureMessages.length === 0) {
      this.log.info('Stream batch processed', { ...this.#summary });
      this.count({ StreamRecordsProcessed: this.#summary.processed });
    }
    super.clean();
  }

  override collectDynamoDBFailures() {
    return super.collectDynamoDBFailures().slice(0, 1);
  }
}

/**
 * Builds the DynamoDB Streams handler on Powertools Batch (`processPartialResponse` with the
 * processor above): each record, strictly in stream order, goes to every processor that handles it.
 *
 * At the first record that fails, processing stops and the answer names only that record's
 * sequence number (ReportBatchItemFailures, docs/security.md R20–R21): Lambda checkpoints the records
 * before it and retries from it, so nothing before it runs twice and nothing after it runs
 * before it. Two cases fail the whole batch by throwing instead:
 * - a record without a sequence number (an empty identifier would itself fail the batch, and
 *   this says why);
 * - a failure of the batch's first record. Lambda bisects only a batch whose invocation
 *   errors; a partial response naming the first record would have the same batch retried
 *   until it is dead-lettered whole, good records after the bad one included. Throwing lets
 *   bisect isolate the bad record (R22), as Powertools' own processor does when every record
 *   fails (here, StreamBatchError rather than its FullBatchFailureError).
 * Each invocation counts the records it processed (StreamRecordsProcessed) and the one that
 * failed (StreamRecordFailed).
 *
 * With `interests` (streams/stream-interest.ts, by processor name; each processor must have one),
 * a processor is given only the records its interest names: the records the event-source
 * mapping's filter lets through, so the consumer acts alike whether a record was filtered or not.
 */
export function createStreamHandler(
  processors: readonly StreamRecordProcessor[],
  options: {
    logger?: StreamLogger;
    count?: (counts: Record<string, number>) => void;
    interests?: Readonly<Record<string, StreamInterest>>;
  } = {},
) {
  const log = options.logger ?? sharedLogger;
  const count = options.count ?? countMetrics;
  const { interests } = options;
  const gated = processors.map((processor): Gated => {
    if (!interests) return { processor };
    const interest = interests[processor.name];
    if (!interest) throw new Error(`The stream processor ${processor.name} has no stream interest`);
    return { processor, interest };
  });
  const handle = (record: DynamoDBRecord) => runProcessors(record, gated);
  return (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    processPartialResponse(event, handle, new InOrderStreamProcessor(log, count));
}
