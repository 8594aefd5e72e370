import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger as sharedLogger } from '#shared/logger';
import type { StreamChange } from '#shared/stream-change';
import { type WorkerRecordType, type WorkMessage, workerRecordTypeOf } from '../streams/background-work';
import type { StreamLogger } from '../streams/stream-batch';

/** What a worker processor is given of its record's change: the keys and the new image (a `WorkMessage`). */
export type WorkChange = Pick<StreamChange, 'eventName' | 'entity' | 'keys' | 'newImage'>;

/**
 * Does one step of a background job from its record's change: reads the record, works within its
 * time budget, writes progress (whose MODIFY, through the stream and the records consumer, brings
 * the next step) or the outcome. It must be idempotent: SQS delivers a message at least once, and
 * a repeated message, or one whose record has moved on since, does nothing twice (compare the
 * change's image with the record as it is now).
 */
export type WorkProcessor = (change: WorkChange) => Promise<void>;

/** The change a message body carries; throws on a body that is not one. */
export function workChangeOf(body: string): WorkChange {
  const message = JSON.parse(body) as Partial<WorkMessage>;
  const { eventName, keys, newImage } = message;
  if ((eventName !== 'INSERT' && eventName !== 'MODIFY') || typeof keys !== 'object' || !keys) {
    throw new Error('Not a background work message');
  }
  if (typeof newImage !== 'object' || !newImage) throw new Error('Not a background work message');
  const entity = typeof newImage.entity === 'string' ? newImage.entity : undefined;
  return { eventName, entity, keys, newImage };
}

/**
 * The worker's SQS handler (batch size 1, ReportBatchItemFailures): hands each message's change to
 * the processor of its record type (by the new image's `entity`, see `workerRecords`). A message
 * that fails (unreadable, a record type without a processor, a processor's error) is answered as
 * a batch item failure: SQS delivers it again after the visibility timeout, and after the
 * queue's last receive moves it to the dead-letter queue. The others are done.
 */
export function createWorkerHandler(
  registry: Partial<Record<WorkerRecordType, WorkProcessor>>,
  options: { logger?: StreamLogger } = {},
) {
  const log = options.logger ?? sharedLogger;
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      let entity: string | undefined;
      try {
        const change = workChangeOf(record.body);
        entity = change.entity;
        const type = workerRecordTypeOf(entity);
        const processor = type && registry[type];
        if (!processor) throw new Error(`No worker processor for ${entity}`);
        await processor(change);
      } catch (error) {
        log.error('Background work failed', {
          messageId: record.messageId,
          receiveCount: record.attributes?.ApproximateReceiveCount,
          entity,
          error: error as Error,
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}
