import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** Counts one occurrence of an event as a metric; `properties` go into the log line, not into dimensions. */
export type CountMetric = (name: string, properties?: Record<string, string>) => void;

/** Powertools Metrics: namespace `FieldPass`, dimension `service`; off with POWERTOOLS_METRICS_DISABLED=true. */
const metrics = new Metrics({ namespace: 'FieldPass', serviceName: 'fieldpass' });

/**
 * Counts business events, several at once, with Powertools Metrics: one CloudWatch Embedded Metric
 * Format line on stdout, which CloudWatch Logs turns into metrics, with no API call and whatever
 * the log level.
 *
 * Each call publishes its own line at once (`publishStoredMetrics`), so nothing is held across
 * invocations and no handler needs a flush of its own: the Cognito triggers, which are no
 * `httpHandler`, count too, and each line's properties belong to its counts alone (a stored
 * metric counted twice would become a list of values, and the properties of the two would mix).
 * A property named like a count or like the `service` dimension is left out of the line (the
 * count and the dimension win, as Powertools would otherwise refuse the line).
 *
 * The counters: PortalCodeSent, PortalCodeRefused (by the send limit), PortalSignIn, AnswerSaved,
 * AnswerConflict, ItemChangeRefused, LinkEmailSent, LinkEmailFailed (refused for good),
 * OwnerEmailSent, OwnerEmailFailed (each failed try; the record is retried), StreamRecordsProcessed
 * and StreamRecordFailed. Dead-lettered stream batches are the dead-letter queue's own SQS metric,
 * which has its alarm (lib/constructs/stream-consumer.ts): the function never sees them.
 */
export function countMetrics(counts: Record<string, number>, properties: Record<string, string> = {}): void {
  for (const [key, value] of Object.entries(properties)) {
    if (key !== 'service' && !Object.hasOwn(counts, key)) metrics.addMetadata(key, value);
  }
  for (const [name, count] of Object.entries(counts)) metrics.addMetric(name, MetricUnit.Count, count);
  metrics.publishStoredMetrics();
}

/** Counts one `name`; see {@link countMetrics}. */
export function countMetric(name: string, properties: Record<string, string> = {}): void {
  countMetrics({ [name]: 1 }, properties);
}
