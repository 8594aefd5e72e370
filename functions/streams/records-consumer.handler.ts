import { requireEnv } from '#shared/env';
import { withLambdaContext } from '#shared/logger';
import { sendMessages } from '#shared/sqs-queue';
import { createAuditTrailHandler } from './audit-trail';
import { createWorkDispatchHandler } from './background-work';
import { feedLogEntries } from './feed-log-entries';
import { createStreamHandler } from './process-stream-batch';
import { bothOnEachBatch } from './stream-batch';
import { recordsInterests } from './stream-interest';

const workerQueueUrl = requireEnv('WORKER_QUEUE_URL');

const run = bothOnEachBatch(
  createAuditTrailHandler(),
  createWorkDispatchHandler((bodies) => sendMessages(workerQueueUrl, bodies)),
  createStreamHandler([feedLogEntries], { interests: recordsInterests }),
);

/**
 * The records consumer, one of the table stream's two readers (the other is the reactions
 * consumer, `reactions-consumer.handler.ts`; decision 0003): on each batch at once, the audit
 * trail (its entries written together, `audit-trail.ts`), the background work handed to the
 * worker's SQS queue (`background-work.ts`) and the feed log (in stream order). CDK deploys it
 * behind the table's stream (ReportBatchItemFailures, bisect on error, finite retries and record
 * age, an S3 on-failure destination, and the event filter `recordsFilterPatterns`) and the local
 * event-source mapping runs it on DynamoDB Local's stream with the same filter. Each invocation's
 * log lines carry its Lambda context, and never the event (R11). `.run` is the bare function.
 */
export const handler = Object.assign(withLambdaContext(run), { run });
