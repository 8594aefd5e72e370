import { describe, expect, it } from 'vitest';
import { countMetric } from '../../functions/shared/metrics';

const counted = (properties?: Record<string, string>) => {
  const lines: string[] = [];
  countMetric('LinkEmailFailed', properties, (line) => lines.push(line));
  return lines;
};

describe('a counted metric', () => {
  it('is one CloudWatch Embedded Metric Format line: the count at the root, its dimension there too, and the properties beside it', () => {
    const before = Date.now();

    const lines = counted({ reason: 'MessageRejected' });

    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const parsed = JSON.parse(lines[0] as string);
    expect(parsed).toEqual({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          { Namespace: 'FieldPass', Dimensions: [['service']], Metrics: [{ Name: 'LinkEmailFailed', Unit: 'Count' }] },
        ],
      },
      service: 'fieldpass',
      reason: 'MessageRejected',
      LinkEmailFailed: 1,
    });
    expect(parsed._aws.Timestamp).toBeGreaterThanOrEqual(before);
  });

  it('keeps the count when a property has the metric name', () => {
    expect(JSON.parse(counted({ LinkEmailFailed: 'x' })[0] as string).LinkEmailFailed).toBe(1);
  });
});
