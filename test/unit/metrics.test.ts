import { describe, expect, it } from 'vitest';
import { metricLine } from '../../functions/shared/metrics';

describe('a counted metric', () => {
  it('is one CloudWatch Embedded Metric Format line: the count at the root, its dimension there too, and the properties beside it', () => {
    const at = Date.now();

    const line = metricLine('LinkEmailFailed', { reason: 'MessageRejected' }, at);

    expect(line).not.toContain('\n');
    const parsed = JSON.parse(line);
    expect(parsed).toEqual({
      _aws: {
        Timestamp: at,
        CloudWatchMetrics: [
          { Namespace: 'FieldPass', Dimensions: [['service']], Metrics: [{ Name: 'LinkEmailFailed', Unit: 'Count' }] },
        ],
      },
      service: 'fieldpass',
      reason: 'MessageRejected',
      LinkEmailFailed: 1,
    });
  });

  it('keeps the count when a property has the metric name', () => {
    expect(JSON.parse(metricLine('LinkEmailFailed', { LinkEmailFailed: 'x' })).LinkEmailFailed).toBe(1);
  });
});
