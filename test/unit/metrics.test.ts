import { afterEach, describe, expect, it, vi } from 'vitest';
import { countedSender } from '../../functions/shared/email';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/**
 * What the metrics module writes on stdout while `count` runs. The unit tests turn metrics off
 * (POWERTOOLS_METRICS_DISABLED, test/support/unit-env.ts) and Powertools reads that when the
 * module loads, so this loads a fresh copy with metrics on.
 */
async function emitted(
  count: (metrics: typeof import('../../functions/shared/metrics')) => void,
  disabled = 'false',
): Promise<string> {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', disabled);
  vi.resetModules();
  const metrics = await import('../../functions/shared/metrics');
  let output = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    output += String(chunk);
    return true;
  });
  try {
    count(metrics);
  } finally {
    write.mockRestore();
  }
  return output;
}

/** The output as lines, each ended by a newline. */
const linesOf = (output: string) => {
  expect(output.endsWith('\n')).toBe(true);
  return output.slice(0, -1).split('\n');
};

const counted = async (properties?: Record<string, string>) =>
  linesOf(await emitted(({ countMetric }) => countMetric('LinkEmailFailed', properties)));

describe('a counted metric', () => {
  it('is one CloudWatch Embedded Metric Format line: the count at the root, its dimension there too, and the properties beside it', async () => {
    const before = Date.now();

    const lines = await counted({ reason: 'MessageRejected' });

    expect(lines).toHaveLength(1);
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

  it('keeps the count when a property has the metric name, and the dimension when one has its name', async () => {
    const parsed = JSON.parse((await counted({ LinkEmailFailed: 'x', service: 'y' }))[0] as string);

    expect(parsed).toMatchObject({ LinkEmailFailed: 1, service: 'fieldpass' });
  });
});

describe('metrics turned off', () => {
  it('write nothing', async () => {
    expect(await emitted(({ countMetric }) => countMetric('PortalSignIn'), 'true')).toBe('');
  });
});

describe('counting several metrics', () => {
  it('is one line with each count a metric of its own', async () => {
    const lines = linesOf(
      await emitted(({ countMetrics }) => countMetrics({ StreamRecordsProcessed: 7, StreamRecordFailed: 1 })),
    );

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
