import { randomUUID } from 'node:crypto';
import type { DynamoDBRecord } from 'aws-lambda';
import { readJsonFile, writeJsonFile } from './json-file';
import { createdAtMillis, sequenceNumberOf } from './lambda-stream-record';

/** Why Lambda gave up on a batch. */
export type FailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/**
 * Lambda's on-failure record for a DynamoDB stream batch, as its S3 on-failure destination keeps
 * it: the batch's description (shard and sequence range) and, in `payload`, the whole invocation
 * event (`{"Records": [...]}` as JSON text, both images of each change), so it can be replayed
 * long after the stream (24 h) has trimmed the records.
 */
export interface StreamOnFailureRecord {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: FailureCondition;
    approximateInvokeCount: number;
  };
  /** The last invocation's outcome; statusCode 0 when the records were never invoked. */
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
  /** The invocation event as JSON text; absent on records kept before the destination was S3. */
  payload?: string;
}

/** One failed batch in the local failure destination; `id` plays the S3 object's key. */
export interface DeadLetter {
  id: string;
  message: StreamOnFailureRecord;
}

/** The local stand-in for the S3 on-failure destination (an object per failed batch). */
export interface DeadLetterStore {
  add(message: StreamOnFailureRecord): DeadLetter;
  list(): DeadLetter[];
  get(id: string): DeadLetter | undefined;
  remove(id: string): void;
}

/** The last invocation of a batch, as the on-failure record reports it. */
export interface LastInvocation {
  requestId: string;
  functionError?: 'Unhandled';
}

// Lambda writes arrival times to the second, like the records' creation time.
function arrival(record: DynamoDBRecord): string {
  const millis = createdAtMillis(record);
  return millis === undefined ? '' : new Date(millis).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Builds the on-failure record Lambda would send for `records` (one shard, in order). */
export function onFailureRecord(options: {
  records: DynamoDBRecord[];
  shardId: string;
  streamArn: string;
  functionArn: string;
  condition: FailureCondition;
  invokeCount: number;
  lastInvocation: LastInvocation | undefined;
  now: Date;
}): StreamOnFailureRecord {
  const first = options.records[0];
  const last = options.records.at(-1);
  if (!first || !last) throw new Error('An on-failure record needs at least one record');
  const invocation = options.lastInvocation;
  return {
    requestContext: {
      requestId: invocation?.requestId ?? randomUUID(),
      functionArn: options.functionArn,
      condition: options.condition,
      approximateInvokeCount: options.invokeCount,
    },
    responseContext: {
      statusCode: invocation ? 200 : 0,
      executedVersion: '$LATEST',
      ...(invocation?.functionError ? { functionError: invocation.functionError } : {}),
    },
    version: '1.0',
    timestamp: options.now.toISOString(),
    DDBStreamBatchInfo: {
      shardId: options.shardId,
      startSequenceNumber: sequenceNumberOf(first),
      endSequenceNumber: sequenceNumberOf(last),
      approximateArrivalOfFirstRecord: arrival(first),
      approximateArrivalOfLastRecord: arrival(last),
      batchSize: options.records.length,
      streamArn: options.streamArn,
    },
    payload: JSON.stringify({ Records: options.records }),
  };
}

interface DeadLetterFile {
  version: 1;
  entries: DeadLetter[];
}

/** A failure destination in memory or, given `file`, kept in that JSON file across restarts. */
export function createDeadLetterStore(file?: string): DeadLetterStore {
  const document: DeadLetterFile = file ? readJsonFile(file, { version: 1, entries: [] }) : { version: 1, entries: [] };
  const save = () => {
    if (file) writeJsonFile(file, document);
  };
  return {
    add(message) {
      const entry = { id: randomUUID(), message };
      document.entries.push(entry);
      save();
      return entry;
    },
    list: () => structuredClone(document.entries),
    get: (id) => structuredClone(document.entries.find((entry) => entry.id === id)),
    remove(id) {
      document.entries = document.entries.filter((entry) => entry.id !== id);
      save();
    },
  };
}
