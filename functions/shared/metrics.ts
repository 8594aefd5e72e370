/** Counts one occurrence of an event as a metric; `properties` go into the log line, not into dimensions. */
export type CountMetric = (name: string, properties?: Record<string, string>) => void;

const disabled = process.env.POWERTOOLS_METRICS_DISABLED === 'true';
const stdout = (line: string) => {
  if (!disabled) process.stdout.write(`${line}\n`);
};

/**
 * Counts one `name` (namespace `FieldPass`, dimension `service`) with a CloudWatch Embedded Metric
 * Format line on stdout: CloudWatch Logs turns it into a metric, with no API call and whatever the
 * log level. Hand-written rather than Powertools Metrics, whose package would push the stream
 * consumer past its bundle budget for one counter. Off with POWERTOOLS_METRICS_DISABLED=true.
 */
export function countMetric(name: string, properties: Record<string, string> = {}, write = stdout): void {
  write(
    JSON.stringify({
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          { Namespace: 'FieldPass', Dimensions: [['service']], Metrics: [{ Name: name, Unit: 'Count' }] },
        ],
      },
      service: 'fieldpass',
      ...properties,
      [name]: 1,
    }),
  );
}
