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
