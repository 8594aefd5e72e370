/** Counts one occurrence of an event as a metric; `properties` go into the log line, not into dimensions. */
export type CountMetric = (name: string, properties?: Record<string, string>) => void;

const disabled = process.env.POWERTOOLS_METRICS_DISABLED === 'true';
const stdout = (line: string) => {
  if (!disabled) process.stdout.write(`${line}\n`);
};

/**
 * Counts business events (namespace `FieldPass`, dimension `service`), several at once, with one
 * CloudWatch Embedded Metric Format line on stdout: CloudWatch Logs turns it into metrics, with no
 * API call and whatever the log level. Off with POWERTOOLS_METRICS_DISABLED=true, as Powertools
 * Metrics would be.
 *
 * Hand-written rather than Powertools Metrics: that package adds 10.6 kB (minified) to each
 * function that counts, and the stream consumer, which counts most, is a few bytes under its
 * 300 kB budget (test/infra/bundle-size.test.ts). This is the part of it FieldPass uses.
 *
 * The counters: PortalCodeSent, PortalCodeRefused (by the send limit), PortalSignIn, AnswerSaved,
 * AnswerConflict, ItemChangeRefused, LinkEmailSent, LinkEmailFailed (refused for good),
 * OwnerEmailSent, OwnerEmailFailed (each failed try; the record is retried), StreamRecordsProcessed
 * and StreamRecordFailed. Dead-lettered stream batches are the dead-letter queue's own SQS metric,
 * which has its alarm (lib/constructs/stream-consumer.ts): the function never sees them.
 */
export function countMetrics(
  counts: Record<string, number>,
  properties: Record<string, string> = {},
  write = stdout,
): void {
  write(
    JSON.stringify({
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: 'FieldPass',
            Dimensions: [['service']],
            Metrics: Object.keys(counts).map((Name) => ({ Name, Unit: 'Count' })),
          },
        ],
      },
      service: 'fieldpass',
      ...properties,
      ...counts,
    }),
  );
}

/** Counts one `name`; see {@link countMetrics}. */
export function countMetric(name: string, properties: Record<string, string> = {}, write = stdout): void {
  countMetrics({ [name]: 1 }, properties, write);
}
