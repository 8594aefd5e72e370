import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StreamChange } from '../../functions/shared/stream-change';
import {
  createStreamHandler,
  StreamBatchError,
  type StreamLogger,
  type StreamRecordProcessor,
} from '../../functions/streams/process-stream-batch';
import { handler as reactionsConsumer } from '../../functions/streams/reactions-consumer.handler';
import { handler as recordsConsumer } from '../../functions/streams/records-consumer.handler';

const streamArn = 'arn:aws:dynamodb:eu-west-1:123456789012:table/fieldpass/stream/2026-01-01T00:00:00.000';

/** The sequence number of the n-th record: 21+ digits, like DynamoDB's. */
const sequenceOf = (n: number) => `${400000000000000000000n + BigInt(n)}`;

/** A record shaped exactly as Lambda delivers it (from the Lambda developer guide's example). */
function streamRecord(
  n: number,
  options: {
    eventName?: 'INSERT' | 'MODIFY' | 'REMOVE';
    newImage?: Record<string, AttributeValue>;
    oldImage?: Record<string, AttributeValue>;
    userIdentity?: unknown;
    sequenceNumber?: string | null;
  } = {},
): DynamoDBRecord {
  const keys = { pk: { S: 'ACC#acme' }, sk: { S: `JOB#job${n}` } };
  const eventName = options.eventName ?? 'INSERT';
  const newImage =
    options.newImage ??
    (eventName === 'REMOVE' ? undefined : { ...keys, entity: { S: 'job' }, title: { S: `Job ${n}` } });
  return {
    eventID: `5f9c3a1e0b7d4e2a8c6f1b3d9e0a${String(n).padStart(4, '0')}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    dynamodb: {
      ApproximateCreationDateTime: 1_767_225_600 + n,
      Keys: keys,
      ...(newImage ? { NewImage: newImage } : {}),
      ...(options.oldImage ? { OldImage: options.oldImage } : {}),
      ...(options.sequenceNumber === null ? {} : { SequenceNumber: options.sequenceNumber ?? sequenceOf(n) }),
      SizeBytes: 120,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: streamArn,
    ...(options.userIdentity ? { userIdentity: options.userIdentity } : {}),
  };
}

const batch = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });
const numbered = (count: number) => Array.from({ length: count }, (_, i) => streamRecord(i + 1));

const silent: StreamLogger = { info: () => undefined, error: () => undefined };

/** A processor that records what it saw and fails on the sequence numbers it is told to. */
function recorder(options: { failOn?: Set<string>; entity?: string; name?: string } = {}) {
  const seen: StreamChange[] = [];
  const processor: StreamRecordProcessor = {
    name: options.name ?? 'recorder',
    handles: (change) => options.entity === undefined || change.entity === options.entity,
    async process(change) {
      seen.push(change);
      if (options.failOn?.has(change.sequenceNumber)) throw new Error('processor failed');
    },
  };
  return { processor, seen };
}

describe('the stream handler', () => {
  it('hands every record to the processors in stream order', async () => {
    const { processor, seen } = recorder();

    const response = await createStreamHandler([processor], { logger: silent })(batch(...numbered(4)));

    expect(seen.map((change) => change.sequenceNumber)).toEqual([1, 2, 3, 4].map(sequenceOf));
    expect(response).toEqual({ batchItemFailures: [] });
  });

  it('stops at the first failing record and reports only its sequence number', async () => {
    const { processor, seen } = recorder({ failOn: new Set([sequenceOf(3), sequenceOf(4)]) });

    const response = await createStreamHandler([processor], { logger: silent })(batch(...numbered(5)));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(3) }] });
    expect(seen.map((change) => change.sequenceNumber)).toEqual([1, 2, 3].map(sequenceOf));
  });

  it('throws when the first record fails, so Lambda bisects the batch instead of retrying it whole', async () => {
    const { processor, seen } = recorder({ failOn: new Set([sequenceOf(1)]) });

    const run = createStreamHandler([processor], { logger: silent })(batch(...numbered(3)));

    await expect(run).rejects.toBeInstanceOf(StreamBatchError);
    expect(seen).toHaveLength(1);
  });

  it.each([
    ['missing', null],
    ['empty', ''],
  ])('throws without processing anything when a sequence number is %s', async (_, sequenceNumber) => {
    const { processor, seen } = recorder();
    const records = [streamRecord(1), streamRecord(2, { sequenceNumber }), streamRecord(3)];

    const run = createStreamHandler([processor], { logger: silent })(batch(...records));

    await expect(run).rejects.toThrow('Record 2 of 3 has no sequence number');
    expect(seen).toEqual([]);
  });

  it('never reports an empty identifier, nor more than the first failure, whatever fails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 12 })
          .chain((size) =>
            fc.record({ size: fc.constant(size), failing: fc.subarray(Array.from({ length: size }, (_, i) => i + 1)) }),
          ),
        async ({ size, failing }) => {
          const { processor, seen } = recorder({ failOn: new Set(failing.map(sequenceOf)) });
          const first = Math.min(...failing);

          const outcome = await createStreamHandler([processor], { logger: silent })(batch(...numbered(size))).then(
            (response) => ({ response }),
            (error: unknown) => ({ error }),
          );

          if (failing.length === 0) expect(outcome).toEqual({ response: { batchItemFailures: [] } });
          else if (first === 1) expect(outcome).toEqual({ error: expect.any(StreamBatchError) });
          else expect(outcome).toEqual({ response: { batchItemFailures: [{ itemIdentifier: sequenceOf(first) }] } });
          expect(seen).toHaveLength(failing.length === 0 ? size : first);
        },
      ),
    );
  });

  it('counts the records it processed, and the one that failed', async () => {
    const counted: Record<string, number>[] = [];
    const count = (counts: Record<string, number>) => void counted.push(counts);
    const { processor } = recorder({ failOn: new Set([sequenceOf(3)]) });

    await createStreamHandler([processor], { logger: silent, count })(batch(...numbered(2)));
    await createStreamHandler([processor], { logger: silent, count })(batch(...numbered(5)));

    expect(counted).toEqual([{ StreamRecordsProcessed: 2 }, { StreamRecordsProcessed: 2, StreamRecordFailed: 1 }]);
  });

  it('reports a record whose event name is unknown as the failed one', async () => {
    const { processor, seen } = recorder();
    const odd = { ...streamRecord(2), eventName: 'UPSERT' } as unknown as DynamoDBRecord;

    const response = await createStreamHandler([processor], { logger: silent })(
      batch(streamRecord(1), odd, streamRecord(3)),
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(2) }] });
    expect(seen).toHaveLength(1);
  });

  it('flags a deletion by the TTL process as an expiry', async () => {
    const { processor, seen } = recorder();
    const expired = streamRecord(1, {
      eventName: 'REMOVE',
      oldImage: { entity: { S: 'link' } },
      userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
    });

    await createStreamHandler([processor], { logger: silent })(batch(expired));

    expect(seen[0]).toMatchObject({ eventName: 'REMOVE', entity: 'link', isTtlExpiry: true });
  });

  it.each([
    ['no identity', undefined],
    ['a user identity', { type: 'User', principalId: 'dynamodb.amazonaws.com' }],
    ['another service', { type: 'Service', principalId: 'events.amazonaws.com' }],
  ])('does not flag a deletion with %s as an expiry', async (_, userIdentity) => {
    const { processor, seen } = recorder();
    const removed = streamRecord(1, { eventName: 'REMOVE', oldImage: { entity: { S: 'link' } }, userIdentity });

    await createStreamHandler([processor], { logger: silent })(batch(removed));

    expect(seen[0]?.isTtlExpiry).toBe(false);
  });

  it('unmarshalls the new and old images into plain values', async () => {
    const { processor, seen } = recorder();
    const modified = streamRecord(1, {
      eventName: 'MODIFY',
      oldImage: { entity: { S: 'job' }, version: { N: '1' }, done: { BOOL: false } },
      newImage: {
        entity: { S: 'job' },
        version: { N: '2' },
        done: { BOOL: true },
        tags: { SS: ['a', 'b'] },
        owner: { M: { name: { S: 'Ada' }, scores: { L: [{ N: '1' }, { NULL: true }] } } },
        photo: { B: Buffer.from([1, 2, 3]).toString('base64') },
      },
    });

    await createStreamHandler([processor], { logger: silent })(batch(modified));

    expect(seen[0]).toMatchObject({
      eventName: 'MODIFY',
      entity: 'job',
      keys: { pk: 'ACC#acme', sk: 'JOB#job1' },
      oldImage: { entity: 'job', version: 1, done: false },
      newImage: {
        version: 2,
        done: true,
        tags: new Set(['a', 'b']),
        owner: { name: 'Ada', scores: [1, null] },
        photo: new Uint8Array([1, 2, 3]),
      },
      approximateCreationTime: new Date((1_767_225_600 + 1) * 1000),
    });
  });

  it('gives each record only to the processors that handle its entity', async () => {
    const jobs = recorder({ entity: 'job', name: 'jobs' });
    const links = recorder({ entity: 'link', name: 'links' });
    const link = streamRecord(2, { newImage: { entity: { S: 'link' } } });

    await createStreamHandler([jobs.processor, links.processor], { logger: silent })(batch(streamRecord(1), link));

    expect(jobs.seen.map((change) => change.sequenceNumber)).toEqual([sequenceOf(1)]);
    expect(links.seen.map((change) => change.sequenceNumber)).toEqual([sequenceOf(2)]);
  });

  it('logs counts, event names and entity types, never item contents', async () => {
    const lines: unknown[] = [];
    const logger: StreamLogger = {
      info: (...args: unknown[]) => lines.push(args),
      error: (...args: unknown[]) => lines.push(args),
    };
    const secret = 'note-with-a-secret-7f3a9c';
    const records = [1, 2, 3].map((n) =>
      streamRecord(n, { newImage: { entity: { S: 'job' }, note: { S: secret }, email: { S: 'ada@example.com' } } }),
    );
    const { processor } = recorder({ failOn: new Set([sequenceOf(3)]) });

    await createStreamHandler([processor], { logger })(batch(...records.slice(0, 2)));
    await createStreamHandler([processor], { logger })(batch(...records));

    const logged = JSON.stringify(lines);
    expect(logged).toContain('"job"');
    expect(logged).toContain('INSERT');
    expect(logged).not.toContain(secret);
    expect(logged).not.toContain('ada@example.com');
    expect(logged).not.toContain('ACC#acme');
  });
});

describe('the deployed stream consumers', () => {
  it.each([
    ['records', recordsConsumer],
    ['reactions', reactionsConsumer],
  ])('the %s consumer acknowledges records none of its processors acts on', async (_name, handler) => {
    const response = await handler.run(batch(...numbered(3)));

    expect(response).toEqual({ batchItemFailures: [] });
  });
});
