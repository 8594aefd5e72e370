import { withLambdaContext } from '#shared/logger';
import { createStreamHandler } from '../streams/process-stream-batch';
import { workerDispatcher } from './worker-dispatch';
import { workerInterest } from './worker-interest';
import { workProcessors } from './worker-processors';

const run = createStreamHandler([workerDispatcher(workProcessors)], { interests: { worker: workerInterest } });

/**
 * The background worker (exports, imports): invoked by the table's SECOND event-source mapping,
 * filtered to background records in a state that needs work (`workerFilterPatterns`), with the
 * stream consumer's ordering and failure rules (ReportBatchItemFailures, bisect, finite retries,
 * an S3 on-failure destination). Each record goes to its type's processor. `.run` is the bare function.
 */
export const handler = Object.assign(withLambdaContext(run), { run });
