import type { DynamoDBRecord } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DeliveryContext,
  deliverBatch,
  firstFailedIndex,
  type InvocationOutcome,
  type StreamMappingSettings,
} from '../../local/streams/batch-delivery';
import type { FailureCondition, LastInvocation } from '../../local/streams/dead-letter-store';

const settings: StreamMappingSettings = {
  batchSize: 100,
  retryAttempts: 3,
  bisectBatchOnError: true,
  maxRecordAgeSeconds: 3600,
  reportBatchItemFailures: true,
  parallelizationFactor: 1,
};

const createdAt = 1_767_225_600; // epoch seconds of every record unless told otherwise
const seq = (n: number) => `${400000000000000000000n + BigInt(n)}`;
const numberOf = (record: DynamoDBRecord) =>
  Number(BigInt(record.dynamodb?.SequenceNumber ?? '0') - 400000000000000000000n);

function record(n: number, created = createdAt): DynamoDBRecord {
  return {
    eventID: `event-${n}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    dynamodb: {
      ApproximateCreationDateTime: created,
      SequenceNumber: seq(n),
      SizeBytes: 50,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/2026-01-01T00:00:00.000',
  };
}
const records = (...numbers: number[]) => numbers.map((n) => record(n));

type Answer = 'ok' | 'throw' | { failFrom: number };

/** A mapping around `deliverBatch` that records what it did; `answer` plays the handler. */
function harness(answer: (batch: number[]) => Answer, overrides: Partial<StreamMappingSettings> = {}) {
  const clock = { now: (createdAt + 10) * 1000 };
  const invocations: number[][] = [];
  const checkpoints: number[] = [];
  const deadLetters: {
    records: number[];
    condition: FailureCondition;
    invokeCount: number;
    last: LastInvocation | undefined;
  }[] = [];
  let stopAfter = Number.POSITIVE_INFINITY;
  const context: DeliveryContext = {
    settings: { ...settings, ...overrides },
    async invoke(batch): Promise<InvocationOutcome> {
      const numbers = batch.map(numberOf);
      invocations.push(numbers);
      const requestId = `request-${invocations.length}`;
      const result = answer(numbers);
      if (result === 'ok') return { result: 'success', requestId };
      if (result === 'throw') return { result: 'error', requestId };
      return { result: 'failedFrom', index: numbers.indexOf(result.failFrom), requestId };
    },
    now: () => new Date(clock.now),
    checkpoint: (r) => checkpoints.push(numberOf(r)),
    deadLetter: (batch, condition, invokeCount, last) =>
      deadLetters.push({ records: batch.map(numberOf), condition, invokeCount, last }),
    assertRunning: () => {
      if (invocations.length >= stopAfter) throw new Error('stopped');
    },
  };
  return {
    context,
    clock,
    invocations,
    checkpoints,
    deadLetters,
    stopAfterInvocations: (n: number) => {
      stopAfter = n;
    },
  };
}

/** Our consumer's answer: processes in order, reports the first poison record, throws if it is first. */
const consumer =
  (...poison: number[]) =>
  (batch: number[]): Answer => {
    const index = batch.findIndex((n) => poison.includes(n));
    if (index === -1) return 'ok';
    return index === 0 ? 'throw' : { failFrom: batch[index] as number };
  };

describe('delivering a batch', () => {
  it('invokes once with the whole batch and checkpoints its last record when the handler succeeds', async () => {
    const h = harness(() => 'ok');

    await deliverBatch(records(1, 2, 3), h.context);

    expect(h.invocations).toEqual([[1, 2, 3]]);
    expect(h.checkpoints).toEqual([3]);
    expect(h.deadLetters).toEqual([]);
  });

  it('checkpoints the records before a partial failure and retries from the failed record', async () => {
    let calls = 0;
    const h = harness(() => (++calls === 1 ? { failFrom: 3 } : 'ok'));

    await deliverBatch(records(1, 2, 3, 4, 5), h.context);

    expect(h.invocations).toEqual([
      [1, 2, 3, 4, 5],
      [3, 4, 5],
    ]);
    expect(h.checkpoints).toEqual([2, 5]);
  });

  it('dead-letters a record that keeps failing, alone, after retryAttempts retries of its own, then delivers the rest', async () => {
    const h = harness(consumer(3));

    await deliverBatch(records(1, 2, 3, 4, 5), h.context);

    // [3, 4, 5] throws (3 is first) and is halved: [3] starts a retry budget of its own.
    expect(h.invocations).toEqual([[1, 2, 3, 4, 5], [3, 4, 5], [3], [3], [3], [3], [4, 5]]);
    expect(h.deadLetters).toEqual([
      {
        records: [3],
        condition: 'RetryAttemptsExhausted',
        invokeCount: 4,
        last: { requestId: 'request-6', functionError: 'Unhandled' },
      },
    ]);
    expect(h.checkpoints).toEqual([2, 3, 5]);
  });

  it('retries a partial failure of the first record as it is, without halving the batch', async () => {
    const h = harness((batch) => (batch.includes(3) ? { failFrom: 3 } : 'ok'));

    await deliverBatch(records(1, 2, 3, 4, 5), h.context);

    expect(h.invocations).toEqual([
      [1, 2, 3, 4, 5],
      [3, 4, 5],
      [3, 4, 5],
      [3, 4, 5],
    ]);
    expect(h.deadLetters).toEqual([
      { records: [3, 4, 5], condition: 'RetryAttemptsExhausted', invokeCount: 4, last: { requestId: 'request-4' } },
    ]);
  });

  it('halves a batch whose invocation throws, first half first, until the failing record is alone', async () => {
    const h = harness((batch) => (batch.includes(3) ? 'throw' : 'ok'));

    await deliverBatch(records(1, 2, 3, 4, 5), h.context);

    expect(h.invocations).toEqual([[1, 2, 3, 4, 5], [1, 2], [3, 4, 5], [3], [3], [3], [3], [4, 5]]);
    expect(h.deadLetters.map((d) => d.records)).toEqual([[3]]);
    expect(h.checkpoints).toEqual([2, 3, 5]);
  });

  it.each([1, 2, 13, 25])(
    'isolates a poison record at position %i of 25 into one dead letter of its own, processing every other record once, in order',
    async (position) => {
      const processed: number[] = [];
      const poisoned = consumer(position);
      // Our consumer: the records before the poison one are processed, the rest wait for the retry.
      const h = harness((batch) => {
        const answer = poisoned(batch);
        processed.push(
          ...(answer === 'ok' ? batch : answer === 'throw' ? [] : batch.slice(0, batch.indexOf(position))),
        );
        return answer;
      });
      const all = Array.from({ length: 25 }, (_, i) => i + 1);

      await deliverBatch(records(...all), h.context);

      expect(h.deadLetters).toEqual([
        {
          records: [position],
          condition: 'RetryAttemptsExhausted',
          invokeCount: settings.retryAttempts + 1,
          last: expect.objectContaining({ functionError: 'Unhandled' }),
        },
      ]);
      expect(processed).toEqual(all.filter((n) => n !== position));
      expect(h.checkpoints.at(-1)).toBe(25);
    },
  );

  it('retries a batch whose invocation throws whole when bisecting is off', async () => {
    const h = harness((batch) => (batch.includes(2) ? 'throw' : 'ok'), { bisectBatchOnError: false });

    await deliverBatch(records(1, 2, 3), h.context);

    expect(h.invocations).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(h.deadLetters.map((d) => d.records)).toEqual([[1, 2, 3]]);
  });

  it('does not retry at all with retryAttempts 0', async () => {
    const h = harness(() => 'throw', { retryAttempts: 0 });

    await deliverBatch(records(1), h.context);

    expect(h.invocations).toEqual([[1]]);
    expect(h.deadLetters).toEqual([
      expect.objectContaining({ records: [1], condition: 'RetryAttemptsExhausted', invokeCount: 1 }),
    ]);
  });

  it('sends records older than the maximum record age to the failure destination without invoking', async () => {
    const h = harness(() => 'ok');
    h.clock.now = (createdAt + 3601) * 1000;

    await deliverBatch(records(1, 2), h.context);

    expect(h.invocations).toEqual([]);
    expect(h.deadLetters).toEqual([
      { records: [1, 2], condition: 'RecordAgeExceeded', invokeCount: 0, last: undefined },
    ]);
    expect(h.checkpoints).toEqual([2]);
  });

  it('dead-letters only the records that aged out and delivers the younger ones', async () => {
    const h = harness(() => 'ok');
    h.clock.now = (createdAt + 3601) * 1000;

    await deliverBatch([record(1), record(2), record(3, createdAt + 60)], h.context);

    expect(h.deadLetters.map((d) => [d.records, d.condition])).toEqual([[[1, 2], 'RecordAgeExceeded']]);
    expect(h.invocations).toEqual([[3]]);
    expect(h.checkpoints).toEqual([2, 3]);
  });

  it('ages a record out while it is being retried', async () => {
    const h = harness(() => {
      h.clock.now += 40 * 60 * 1000;
      return 'throw';
    });

    await deliverBatch(records(1), h.context);

    expect(h.invocations).toEqual([[1], [1]]);
    expect(h.deadLetters).toEqual([
      expect.objectContaining({ records: [1], condition: 'RecordAgeExceeded', invokeCount: 2 }),
    ]);
  });

  it('keeps no age limit with maxRecordAgeSeconds -1', async () => {
    const h = harness(() => 'ok', { maxRecordAgeSeconds: -1 });
    h.clock.now = (createdAt + 30 * 86_400) * 1000;

    await deliverBatch(records(1), h.context);

    expect(h.invocations).toEqual([[1]]);
  });

  it('abandons the batch before the next invocation when the mapping stops, checkpointing only what was done', async () => {
    const h = harness(consumer(3));
    h.stopAfterInvocations(1);

    await expect(deliverBatch(records(1, 2, 3, 4), h.context)).rejects.toThrow('stopped');

    expect(h.invocations).toHaveLength(1);
    expect(h.checkpoints).toEqual([2]);
  });

  it('never re-sends a checkpointed record, delivers none more than retryAttempts + 1 times per halving level, and handles every record', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 24 }),
        fc.array(fc.integer({ min: 1, max: 24 }), { maxLength: 4 }),
        fc.constantFrom('consumer', 'throw', 'report'),
        fc.integer({ min: 0, max: 4 }),
        fc.boolean(),
        async (size, poison, style, retryAttempts, bisectBatchOnError) => {
          const answer = (batch: number[]): Answer => {
            const bad = batch.find((n) => poison.includes(n));
            if (bad === undefined) return 'ok';
            if (style === 'throw') return 'throw';
            if (style === 'report') return { failFrom: bad };
            return consumer(...poison)(batch);
          };
          const h = harness(answer, { retryAttempts, bisectBatchOnError });
          const resent: number[] = [];
          const invoke = h.context.invoke;
          h.context.invoke = (batch) => {
            const acknowledged = h.checkpoints.at(-1) ?? 0;
            resent.push(...batch.map(numberOf).filter((n) => n <= acknowledged));
            return invoke(batch);
          };
          const all = Array.from({ length: size }, (_, i) => i + 1);

          await deliverBatch(records(...all), h.context);

          expect(resent).toEqual([]);
          const levels = Math.ceil(Math.log2(size)) + 1;
          for (const n of all) {
            expect(h.invocations.filter((batch) => batch.includes(n)).length).toBeLessThanOrEqual(
              (retryAttempts + 1) * levels,
            );
          }
          expect(h.checkpoints).toEqual([...h.checkpoints].sort((a, b) => a - b));
          expect(h.checkpoints.at(-1)).toBe(size);
          const deadLettered = h.deadLetters.flatMap((d) => d.records);
          for (const n of poison.filter((p) => p <= size)) expect(deadLettered).toContain(n);
          if (style === 'consumer' && bisectBatchOnError && retryAttempts > 0) {
            // Our consumer's answers let bisection isolate each poison record: nothing good is dead-lettered.
            expect(h.deadLetters.map((d) => d.records.length).every((length) => length === 1)).toBe(true);
            expect(deadLettered.every((n) => poison.includes(n))).toBe(true);
          }
        },
      ),
    );
  });
});

describe('reading a handler answer', () => {
  const batch = records(1, 2, 3);

  it.each([
    ['no answer', undefined],
    ['null', null],
    ['an empty object', {}],
    ['a null list', { batchItemFailures: null }],
    ['an empty list', { batchItemFailures: [] }],
  ])('treats %s as success', (_, response) => {
    expect(firstFailedIndex(response, batch, true)).toBeUndefined();
  });

  it.each([
    ['an empty identifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a missing identifier', { batchItemFailures: [{}] }],
    ['a numeric identifier', { batchItemFailures: [{ itemIdentifier: 2 }] }],
    ['an identifier not in the batch', { batchItemFailures: [{ itemIdentifier: seq(9) }] }],
    ['a null entry', { batchItemFailures: [null] }],
    ['a list that is not an array', { batchItemFailures: 'all' }],
    ['a bare string', 'failed'],
    [
      'one bad identifier beside a good one',
      { batchItemFailures: [{ itemIdentifier: seq(3) }, { itemIdentifier: '' }] },
    ],
  ])('fails the whole batch on %s', (_, response) => {
    expect(firstFailedIndex(response, batch, true)).toBe(0);
  });

  it('ignores the answer when reportBatchItemFailures is off', () => {
    const response = { batchItemFailures: [{ itemIdentifier: seq(2) }] };

    expect(firstFailedIndex(response, batch, false)).toBeUndefined();
  });

  it('retries from the lowest sequence number named', () => {
    const response = { batchItemFailures: [{ itemIdentifier: seq(3) }, { itemIdentifier: seq(2) }] };

    expect(firstFailedIndex(response, batch, true)).toBe(1);
  });
});
