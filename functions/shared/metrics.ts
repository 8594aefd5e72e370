/** Counts one occurrence of an event as a metric; `properties` go into the log line, not into dimensions. */
export type CountMetric = (name: string, properties?: Record<string, string>) => void;

/** Namespace `FieldPass`, dimension `service`; off with POWERTOOLS_METRICS_DISABLED=true (read at load). */
const namespace = 'FieldPass';
const service = 'fieldpass';
const disabled = process.env.POWERTOOLS_METRICS_DISABLED?.toLowerCase() === 'true';

/**
 * Counts business events, several at once: one CloudWatch Embedded Metric Format line on stdout,
 * which CloudWatch Logs turns into metrics, with no API call and whatever the log level.
 *
 * Each call writes its own line at once, so nothing is held across invocations and no handler
 * needs a flush of its own: the Cognito triggers, which are no `httpHandler`, count too, and each
 * line's properties belong to its counts alone. A property named like a count or like the
 * `service` dimension is left out of the line (the count and the dimension win).
 *
 * These are the lines Powertools Metrics wrote for FieldPass until issue 17 (the same namespace,
 * dimension, names and properties); written here, as EMF is one JSON object, the library (about
 * 10 kB in each of the counting functions) does not fit the 250 kB budget. See docs/decisions/0003.
 *
 * The counters: PortalCodeSent, PortalCodeRefused (by the send limit), PortalSignIn,
 * PortalSignInFailed (a wrong, expired or superseded code), AnswerSaved,
 * AnswerConflict, ItemChangeRefused, LinkEmailSent, LinkEmailFailed (refused for good),
 * OwnerEmailSent, OwnerEmailFailed (each failed try; the record is retried), StreamRecordsProcessed
 * and StreamRecordFailed; EmailBounced and EmailComplained (SES's hard bounce or complaint marked on
 * its recipient, once per recipient and event) and EmailSuppressed (an e-mail or one-time code
 * refused because the address bounced or complained before); ExportDone and ExportFailed,
 * ImportPreviewed, ImportRejected and ImportCommitted (the background worker's outcomes).
 * Dead-lettered stream batches are their S3 dead-letter bucket's PutRequests, which have their
 * alarm (lib/constructs/stream-consumer.ts): the function never sees them.
 */
export function countMetrics(counts: Record<string, number>, properties: Record<string, string> = {}): void {
  if (disabled || Object.keys(counts).length === 0) return;
  const line: Record<string, unknown> = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [['service']],
          Metrics: Object.keys(counts).map((name) => ({ Name: name, Unit: 'Count' })),
        },
      ],
    },
    service,
  };
  for (const [key, value] of Object.entries(properties)) {
    if (key !== 'service' && !Object.hasOwn(counts, key)) line[key] = value;
  }
  Object.assign(line, counts);
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Counts one `name`; see {@link countMetrics}. */
export function countMetric(name: string, properties: Record<string, string> = {}): void {
  countMetrics({ [name]: 1 }, properties);
}
