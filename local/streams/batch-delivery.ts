import type { DynamoDBRecord } from 'aws-lambda';
import type { FailureCondition, LastInvocation } from './dead-letter-store';
import { createdAtMillis } from './lambda-stream-record';

/**
 * The event-source mapping's settings, as CDK configures the deployed one
 * (`streamConsumerSettings`). A negative `retryAttempts` or `maxRecordAgeSeconds` means
 * unlimited, as -1 does for Lambda.
 */
export interface StreamMappingSettings {
  readonly batchSize: number;
  readonly retryAttempts: number;
  readonly bisectBatchOnError: boolean;
  readonly maxRecordAgeSeconds: number;
  readonly reportBatchItemFailures: boolean;
  /** Accepted for symmetry with the deployed mapping; locally each shard always has one batch in flight. */
  readonly parallelizationFactor?: number;
}

/** How one invocation ended, as Lambda reads it. */
export type InvocationOutcome =
  | { result: 'success'; requestId: string }
  /** The handler answered, but the records from `index` on failed (0: the whole batch). */
  | { result: 'failedFrom'; index: number; requestId: string }
  /** The handler threw (a function error): the only outcome that bisects a batch. */
  | { result: 'error'; requestId: string };

/** What delivering a batch needs from the mapping around it. */
export interface DeliveryContext {
  settings: StreamMappingSettings;
  invoke(records: DynamoDBRecord[]): Promise<InvocationOutcome>;
  now(): Date;
  /** Every record up to and including `record` is handled: move the checkpoint there. */
  checkpoint(record: DynamoDBRecord): void;
  /** Sends records to the on-failure destination. */
  deadLetter(
    records: DynamoDBRecord[],
    condition: FailureCondition,
    invokeCount: number,
    lastInvocation: LastInvocation | undefined,
  ): void;
  /** Called before every invocation; throws to abandon the batch (the mapping is stopping). */
  assertRunning(): void;
}

/**
 * Reads a handler's answer as Lambda does with ReportBatchItemFailures on: the index of the
 * first record to retry, or undefined when the batch succeeded. No answer, no list or an empty
 * list is success; an identifier that is empty, not a string or not in the batch fails the
 * whole batch; otherwise the lowest sequence number named (records arrive in order, so the
 * lowest index) is where the retry starts.
 */
export function firstFailedIndex(
  response: unknown,
  records: DynamoDBRecord[],
  reportBatchItemFailures: boolean,
): number | undefined {
  if (!reportBatchItemFailures || response === undefined || response === null) return undefined;
  if (typeof response !== 'object') return 0;
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return undefined;
  if (!Array.isArray(failures)) return 0;
  let lowest: number | undefined;
  for (const failure of failures) {
    const identifier = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof identifier !== 'string' || identifier === '') return 0;
    const index = records.findIndex((record) => record.dynamodb?.SequenceNumber === identifier);
    if (index === -1) return 0;
    lowest = lowest === undefined ? index : Math.min(lowest, index);
  }
  return lowest;
}

const unlimited = (limit: number) => limit < 0;

/** How many records at the front of `records` are older than the maximum record age. */
function expiredAtFront(records: DynamoDBRecord[], context: DeliveryContext): number {
  const maxAge = context.settings.maxRecordAgeSeconds;
  if (unlimited(maxAge)) return 0;
  const oldestAllowed = context.now().getTime() - maxAge * 1000;
  const index = records.findIndex((record) => (createdAtMillis(record) ?? Number.POSITIVE_INFINITY) >= oldestAllowed);
  return index === -1 ? records.length : index;
}

async function deliverRange(
  batch: DynamoDBRecord[],
  invokeCount: number,
  lastInvocation: LastInvocation | undefined,
  context: DeliveryContext,
): Promise<void> {
  const { settings } = context;
  let records = batch;
  let invocations = invokeCount;
  let last = lastInvocation;
  while (records.length > 0) {
    const expired = expiredAtFront(records, context);
    if (expired > 0) {
      const old = records.slice(0, expired);
      context.deadLetter(old, 'RecordAgeExceeded', invocations, last);
      context.checkpoint(old.at(-1) as DynamoDBRecord);
      records = records.slice(expired);
      continue;
    }
    context.assertRunning();
    const outcome = await context.invoke(records);
    invocations += 1;
    last = {
      requestId: outcome.requestId,
      ...(outcome.result === 'error' ? { functionError: 'Unhandled' as const } : {}),
    };
    if (outcome.result === 'success') {
      context.checkpoint(records.at(-1) as DynamoDBRecord);
      return;
    }
    const failedFrom = outcome.result === 'failedFrom' ? outcome.index : 0;
    if (failedFrom > 0) {
      // The records before the first failure succeeded: they are checkpointed and never re-sent.
      context.checkpoint(records[failedFrom - 1] as DynamoDBRecord);
      records = records.slice(failedFrom);
    }
    if (outcome.result === 'error' && settings.bisectBatchOnError && records.length > 1) {
      // A split does not count towards the retry limit: each half starts with a budget of its own.
      const half = Math.floor(records.length / 2);
      await deliverRange(records.slice(0, half), 0, last, context);
      await deliverRange(records.slice(half), 0, last, context);
      return;
    }
    if (!unlimited(settings.retryAttempts) && invocations > settings.retryAttempts) {
      context.deadLetter(records, 'RetryAttemptsExhausted', invocations, last);
      context.checkpoint(records.at(-1) as DynamoDBRecord);
      return;
    }
  }
}

/**
 * Delivers one batch (records of one shard, in order) until every record in it is either
 * processed or sent to the failure destination, as Lambda's event-source mapping does:
 * - success checkpoints the whole batch;
 * - a partial failure checkpoints the records before the lowest failed one and retries from it;
 * - a thrown error fails the whole batch; with `bisectBatchOnError` a batch of more than one
 *   record is halved at once and each half delivered on its own, first half first (a partial
 *   answer is not halved: Lambda retries the remaining records as they are);
 * - records older than `maxRecordAgeSeconds` go to the failure destination without an
 *   invocation (RecordAgeExceeded), checked before every invocation, retries included;
 * - after `retryAttempts` retries the remaining records go there too (RetryAttemptsExhausted).
 *
 * Retries are counted per range of records: the count survives a partial failure, and each half
 * of a bisected batch starts with a budget of its own, as Lambda's documentation has it
 * (splitting a batch does not count towards the retry limit). So a record that keeps failing is
 * halved down to itself and dead-lettered alone, its on-failure record naming it and nothing
 * else, and every other record of the batch is handled. Halving stops at one record, so a record
 * is delivered at most `retryAttempts + 1` times at each of at most ⌈log2(batch size)⌉ + 1
 * levels.
 */
export async function deliverBatch(records: DynamoDBRecord[], context: DeliveryContext): Promise<void> {
  await deliverRange(records, 0, undefined, context);
}
