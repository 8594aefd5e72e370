import { describe, expect, it } from 'vitest';
import { countedSender } from '../../functions/shared/email';
import { countMetric, countMetrics } from '../../functions/shared/metrics';

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

describe('counting several metrics', () => {
  it('is one line with each count a metric of its own', () => {
    const lines: string[] = [];

    countMetrics({ StreamRecordsProcessed: 7, StreamRecordFailed: 1 }, {}, (line) => lines.push(line));

    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0] as string);
    expect(parsed._aws.CloudWatchMetrics[0].Metrics).toEqual([
      { Name: 'StreamRecordsProcessed', Unit: 'Count' },
      { Name: 'StreamRecordFailed', Unit: 'Count' },
    ]);
    expect(parsed).toMatchObject({ StreamRecordsProcessed: 7, StreamRecordFailed: 1 });
  });
});

describe('a counted e-mail sender', () => {
  const email = { to: 'ada@example.com', subject: 'Done', text: 'Done', html: '<p>Done</p>' };

  it('counts each e-mail SES takes as sent', async () => {
    const counted: unknown[] = [];
    const send = countedSender(
      'OwnerEmail',
      async () => undefined,
      (...args) => counted.push(args),
    );

    await send(email);

    expect(counted).toEqual([['OwnerEmailSent']]);
  });

  it("counts an e-mail SES refuses as failed, with SES's error name, and throws the error on", async () => {
    const counted: unknown[] = [];
    const refused = Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' });
    const send = countedSender(
      'OwnerEmail',
      async () => {
        throw refused;
      },
      (...args) => counted.push(args),
    );

    await expect(send(email)).rejects.toBe(refused);
    expect(counted).toEqual([['OwnerEmailFailed', { reason: 'MessageRejected' }]]);
  });
});
