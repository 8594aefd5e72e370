import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger as sharedLogger } from '#shared/logger';
import { type StreamChange, toStreamChange } from '#shared/stream-change';
import { StreamBatchError, type StreamLogger, withoutSequenceNumber } from './stream-batch';

/**
 * The records of background work (docs/architecture.md "Background work"): a record type, the
 * `entity` its records carry, and the states in which it still has work to do. The records
 * consumer hands each INSERT or MODIFY of one of these, in one of its states, to the background
 * worker as an SQS message (`createWorkDispatchHandler`); a finished or failed record, or a
 * progress write that leaves it in no such state, sends nothing. A background job adds its record
 * type here and its processor in `functions/workers/worker-processors.ts`.
 */
export const workerRecords = {
  /** exports/: an export queued or part-written (functions/exports/export-processor.ts). */
  export: { entity: 'Export', states: ['queued', 'running'] },
  /** imports/: an import to validate, or one committing chunk by chunk (functions/imports/import-worker.ts). */
  // `importWorkStates` (functions/imports/import-worker.ts), written out so this module loads no
  // processor (the local stack reads it before its environment is set); a unit test keeps them equal.
  import: { entity: 'Import', states: ['validating', 'committing'] },
} as const satisfies Record<string, { entity: string; states: readonly string[] }>;

export type WorkerRecordType = keyof typeof workerRecords;

/** The record type of an entity, if the worker acts on it. */
export function workerRecordTypeOf(entity: string | undefined): WorkerRecordType | undefined {
  return (Object.keys(workerRecords) as WorkerRecordType[]).find((type) => workerRecords[type].entity === entity);
}

/**
 * The Lambda event filter pattern of background work, for the records consumer's mapping: any
 * record type's entity in any record type's working state, on INSERT or MODIFY. One pattern, not
 * one per type, as a mapping takes at most five (`recordsFilterPatterns`); the types' states do not
 * overlap, and `workMessageOf` checks each record against its own type's states.
 */
export function workerFilterPatterns(): Record<string, unknown>[] {
  const types = Object.values(workerRecords);
  return [
    {
      eventName: ['INSERT', 'MODIFY'],
      dynamodb: {
        NewImage: {
          entity: { S: types.map(({ entity }) => entity) },
          status: { S: [...new Set(types.flatMap(({ states }) => states))] },
        },
      },
    },
  ];
}

/** The same records as a stream interest (entities only; `workMessageOf` reads the states). */
export const workerInterest = /* @__PURE__ */ (() => {
  const entities = Object.values(workerRecords).map(({ entity }) => entity);
  return { INSERT: entities, MODIFY: entities };
})();

/**
 * What the worker is handed of a background record's change, as an SQS message's JSON body: what
 * its processors read of the change (the item's keys and its new image, as plain values).
 */
export interface WorkMessage {
  eventName: 'INSERT' | 'MODIFY';
  keys: Record<string, unknown>;
  newImage: Record<string, unknown>;
}

/** The message of a change that asks for background work, or undefined (not background work, or finished). */
export function workMessageOf(change: StreamChange): WorkMessage | undefined {
  if (change.eventName === 'REMOVE' || !change.newImage) return undefined;
  const type = workerRecordTypeOf(change.entity);
  const states: readonly string[] | undefined = type && workerRecords[type].states;
  if (!states?.includes(String(change.newImage.status))) return undefined;
  return { eventName: change.eventName, keys: change.keys, newImage: change.newImage };
}

/**
 * The records consumer's dispatch of background work (`records-consumer.handler.ts`, beside the
 * audit trail and the feed log): reads the batch in order and sends the message of each change
 * that asks for work (`workMessageOf`) with `send`, ten a request (SendMessageBatch) in stream
 * order. An export's or import's chunk writes its progress to its record; that MODIFY comes back
 * through the stream and brings the next message.
 *
 * A record that cannot be read, or a request SQS refused, fails the batch from that record on
 * (ReportBatchItemFailures): Lambda retries from there, and the messages of its request may be
 * sent again (the worker's processors are idempotent, R19); as the other parts do, a failure at
 * the batch's first record, or a record without a sequence number, throws so Lambda bisects (R22).
 */
export function createWorkDispatchHandler(
  send: (bodies: string[]) => Promise<void>,
  options: { logger?: StreamLogger } = {},
) {
  const log = options.logger ?? sharedLogger;
  return async (batch: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const records = batch.Records;
    const missing = withoutSequenceNumber(records);
    if (missing !== -1) throw new StreamBatchError(`Record ${missing + 1} of ${records.length} has no sequence number`);
    let failedAt = records.length;
    let failure: unknown;
    const work: { position: number; body: string }[] = [];
    for (const [position, record] of records.entries()) {
      try {
        const message = workMessageOf(toStreamChange(record));
        if (message) work.push({ position, body: JSON.stringify(message) });
      } catch (error) {
        failedAt = position;
        failure = error;
        break;
      }
    }
    for (let i = 0; i < work.length; i += 10) {
      const request = work.slice(i, i + 10);
      try {
        await send(request.map(({ body }) => body));
      } catch (error) {
        failedAt = request[0]?.position ?? failedAt;
        failure = error;
        break;
      }
    }
    if (failedAt === records.length) {
      if (work.length > 0) log.info('Background work dispatched', { records: records.length, messages: work.length });
      return { batchItemFailures: [] };
    }
    log.error('Background work not dispatched', {
      position: failedAt + 1,
      records: records.length,
      error: failure as Error,
    });
    if (failedAt === 0) {
      throw new StreamBatchError(`The first of ${records.length} records was not dispatched; failing the batch`, {
        cause: failure,
      });
    }
    return { batchItemFailures: [{ itemIdentifier: records[failedAt]?.dynamodb?.SequenceNumber ?? '' }] };
  };
}
