/** Counts one occurrence of an event as a metric; `properties` go into the log line, not into dimensions. */
export type CountMetric = (name: string, properties?: Record<string, string>) => void;

const disabled = process.env.POWERTOOLS_METRICS_DISABLED === 'true';

/**
 * The CloudWatch Embedded Metric Format line counting one `name` (namespace `FieldPass`, dimension
 * `service`): CloudWatch Logs turns it into a metric, with no API call and whatever the log level.
 * Hand-written rather than Powertools Metrics, whose package would push the stream consumer past
 * its bundle budget for one counter.
 */
export function metricLine(name: string, properties: Record<string, string> = {}, now = Date.now()): string {
  return JSON.stringify({
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        { Namespace: 'FieldPass', Dimensions: [['service']], Metrics: [{ Name: name, Unit: 'Count' }] },
      ],
    },
    service: 'fieldpass',
    ...properties,
    [name]: 1,
  });
}

/** Writes `metricLine` to stdout, where Lambda's log capture finds it; off with POWERTOOLS_METRICS_DISABLED=true. */
export const countMetric: CountMetric = (name, properties) => {
  if (!disabled) process.stdout.write(`${metricLine(name, properties)}\n`);
};
