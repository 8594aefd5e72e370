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

/**
 * Settings of the background worker's event-source mapping (the table's second stream reader,
 * functions/workers/). One record per invocation: a record is one chunk of an export or import,
 * which may use most of the invocation's time. Two retries, then the on-failure bucket; bisect is
 * moot with one record. Order per record is kept as for the consumer (a record's next chunk is a
 * later change of the same item, so on the same shard).
 */
export const workerSettings = {
  batchSize: 1,
  retryAttempts: 2,
  bisectBatchOnError: true,
  maxRecordAgeSeconds: 3600,
  reportBatchItemFailures: true,
  parallelizationFactor: 1,
} as const;

/** The worker's Lambda timeout, and what each chunk leaves of it unused (it stops starting pages then). */
export const workerTimeoutSeconds = 300;
