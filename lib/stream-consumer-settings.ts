/**
 * Settings of the DynamoDB Streams consumer's event-source mapping. The deployed mapping (CDK) and
 * the local stand-in mapping both read this one constant, so batching, retries, bisecting and the
 * maximum record age behave the same locally and in AWS.
 *
 * parallelizationFactor 1 keeps one concurrent batch per shard, which preserves per-item order.
 */
export const streamConsumerSettings = {
  batchSize: 100,
  retryAttempts: 3,
  bisectBatchOnError: true,
  maxRecordAgeSeconds: 3600,
  reportBatchItemFailures: true,
  parallelizationFactor: 1,
} as const;

/** The worker's Lambda timeout, and what each chunk leaves of it unused (it stops starting pages then). */
export const workerTimeoutSeconds = 300;

/**
 * The background worker's SQS queue and its event-source mapping (functions/workers/). One message
 * per invocation: a message is one chunk of an export or import, which may use most of the
 * invocation's time. A message is received again only after its invocation could have ended (AWS:
 * a visibility timeout of at least six times the function's timeout); after `maxReceiveCount`
 * receives it goes to the dead-letter queue. The local queue (local/sqs/) reads the same numbers,
 * but for its visibility timeout (`localVisibilityTimeoutSeconds`).
 */
export const workerQueueSettings = {
  batchSize: 1,
  reportBatchItemFailures: true,
  visibilityTimeoutSeconds: 6 * workerTimeoutSeconds,
  maxReceiveCount: 3,
  /** Locally a failed message comes back after 2 s: half an hour would hold up every drain of a test. */
  localVisibilityTimeoutSeconds: 2,
} as const;
