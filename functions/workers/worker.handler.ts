import { withLambdaContext } from '#shared/logger';
import { createWorkerHandler } from './worker-dispatch';
import { workProcessors } from './worker-processors';

const run = createWorkerHandler(workProcessors);

/**
 * The background worker (exports, imports): invoked by its SQS queue's event-source mapping (one
 * message at a time, ReportBatchItemFailures; the queue's dead-letter queue after its last
 * receive), each message a background record's change that the records consumer handed over
 * (`streams/background-work.ts`). Each goes to its type's processor. `.run` is the bare function.
 */
export const handler = Object.assign(withLambdaContext(run), { run });
