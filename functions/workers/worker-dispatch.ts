import type { StreamChange } from '#shared/stream-change';
import type { StreamRecordProcessor } from '../streams/process-stream-batch';
import { type WorkerRecordType, workerRecordTypeOf } from './worker-interest';

/**
 * Does one step of a background job from its record's change: reads the record, works within its
 * time budget, writes progress (whose MODIFY brings the next step) or the outcome. It must be
 * idempotent: a retried or replayed change, or one whose record has moved on since, does nothing
 * twice (compare the change's image with the record as it is now).
 */
export type WorkProcessor = (change: StreamChange) => Promise<void>;

/**
 * The worker's one stream processor: hands each change to the processor of its record type (by
 * the new image's `entity`, see `workerRecords`). A record type without a processor fails loudly,
 * as the mapping's filter should never have let it through.
 */
export function workerDispatcher(registry: Partial<Record<WorkerRecordType, WorkProcessor>>): StreamRecordProcessor {
  return {
    name: 'worker',
    handles: (change) => change.eventName !== 'REMOVE' && workerRecordTypeOf(change.entity) !== undefined,
    process: async (change) => {
      const type = workerRecordTypeOf(change.entity);
      const processor = type && registry[type];
      if (!processor) throw new Error(`No worker processor for ${change.entity}`);
      await processor(change);
    },
  };
}
