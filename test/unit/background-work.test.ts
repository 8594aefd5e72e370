import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createWorkDispatchHandler, type WorkMessage } from '../../functions/streams/background-work';
import { StreamBatchError, type StreamLogger } from '../../functions/streams/stream-batch';
import { createWorkerHandler, type WorkChange } from '../../functions/workers/worker-dispatch';

const silent: StreamLogger = { info: () => undefined, error: () => undefined };

/** A stream record of the item `sk`, numbered `n` (its sequence number). */
function change(n: number, eventName: 'INSERT' | 'MODIFY' | 'REMOVE', image: Record<string, unknown>): DynamoDBRecord {
  const key = { pk: 'ACC#acc-1', sk: `X#${n}` };
  const marshalled = marshall({ ...key, ...image }) as never;
  return {
    eventID: `e-${n}`,
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: marshall(key) as never,
      ...(eventName === 'REMOVE' ? { OldImage: marshalled } : { NewImage: marshalled }),
      SequenceNumber: `40000000000000000000${n}`,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** A sender that keeps what it was given, one list per request, and refuses the requests named. */
function queue(refuse: (request: number) => boolean = () => false) {
  const requests: string[][] = [];
  return {
    requests,
    send: async (bodies: string[]) => {
      requests.push(bodies);
      if (refuse(requests.length)) throw Object.assign(new Error('SQS refused'), { name: 'ServiceUnavailable' });
    },
  };
}

describe("the records consumer's dispatch of background work", () => {
  it("hands a worker record's change to the worker as a message: its event name, keys and new image", async () => {
    const q = queue();
    const dispatch = createWorkDispatchHandler(q.send, { logger: silent });
    const answer = await dispatch({
      Records: [change(1, 'INSERT', { entity: 'Export', id: 'exp-1', status: 'queued', version: 1 })],
    });

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(q.requests).toHaveLength(1);
    const message = JSON.parse(q.requests[0]?.[0] ?? '') as WorkMessage;
    expect(message).toEqual({
      eventName: 'INSERT',
      keys: { pk: 'ACC#acc-1', sk: 'X#1' },
      newImage: { pk: 'ACC#acc-1', sk: 'X#1', entity: 'Export', id: 'exp-1', status: 'queued', version: 1 },
    });
  });

  it('sends nothing for a record in a finished state, a removal, or any other entity', async () => {
    const q = queue();
    const dispatch = createWorkDispatchHandler(q.send, { logger: silent });
    const answer = await dispatch({
      Records: [
        change(1, 'MODIFY', { entity: 'Export', status: 'done' }),
        change(2, 'MODIFY', { entity: 'Import', status: 'previewed' }),
        change(3, 'MODIFY', { entity: 'Import', status: 'committed' }),
        change(4, 'REMOVE', { entity: 'Import', status: 'committing' }),
        change(5, 'INSERT', { entity: 'Job', status: 'queued' }),
        // A record type's state is its own: an export is never `committing`.
        change(6, 'MODIFY', { entity: 'Export', status: 'committing' }),
      ],
    });

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(q.requests).toEqual([]);
  });

  it('sends the messages in stream order, ten a request', async () => {
    const q = queue();
    const dispatch = createWorkDispatchHandler(q.send, { logger: silent });
    const records = Array.from({ length: 23 }, (_, i) =>
      change(i + 1, 'MODIFY', { entity: 'Import', id: `imp-${i + 1}`, status: 'committing' }),
    );
    await dispatch({ Records: records });

    expect(q.requests.map((request) => request.length)).toEqual([10, 10, 3]);
    const ids = q.requests.flat().map((body) => (JSON.parse(body) as WorkMessage).newImage.id);
    expect(ids).toEqual(records.map((_, i) => `imp-${i + 1}`));
  });

  it('fails the batch from the first record of a request SQS refused, so the stream retries from there', async () => {
    const q = queue((request) => request === 2);
    const dispatch = createWorkDispatchHandler(q.send, { logger: silent });
    const records = Array.from({ length: 25 }, (_, i) =>
      change(i + 1, 'MODIFY', { entity: 'Export', id: `exp-${i + 1}`, status: 'running' }),
    );
    const answer = await dispatch({ Records: records });

    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: records[10]?.dynamodb?.SequenceNumber }] });
    // The third request was not sent: its records come again with the retry.
    expect(q.requests).toHaveLength(2);
  });

  it("throws when SQS refused the batch's first record, so Lambda retries and bisects the whole batch", async () => {
    const q = queue(() => true);
    const dispatch = createWorkDispatchHandler(q.send, { logger: silent });

    await expect(
      dispatch({ Records: [change(1, 'INSERT', { entity: 'Export', status: 'queued' })] }),
    ).rejects.toBeInstanceOf(StreamBatchError);
  });

  it('fails the batch at a record it cannot read, after sending the messages before it', async () => {
    const q = queue();
    const dispatch = createWorkDispatchHandler(q.send, { logger: silent });
    const unreadable = { ...change(2, 'MODIFY', { entity: 'Export', status: 'running' }), eventName: undefined };
    const answer = await dispatch({
      Records: [change(1, 'MODIFY', { entity: 'Export', status: 'running' }), unreadable, change(3, 'INSERT', {})],
    });

    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: unreadable.dynamodb?.SequenceNumber }] });
    expect(q.requests.flat()).toHaveLength(1);
  });
});

/** An SQS event of the bodies given, as Lambda's SQS event source delivers it. */
const sqsEvent = (...bodies: string[]): SQSEvent => ({
  Records: bodies.map((body, i) => ({
    messageId: `m-${i + 1}`,
    receiptHandle: `r-${i + 1}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1767225600000',
      SenderId: '000000000000',
      ApproximateFirstReceiveTimestamp: '1767225600000',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:worker',
    awsRegion: 'eu-west-1',
  })),
});
const body = (entity: string, id: string) =>
  JSON.stringify({ eventName: 'MODIFY', keys: { pk: 'ACC#a', sk: id }, newImage: { entity, id, status: 'running' } });

describe("the worker's SQS handler", () => {
  it("hands each message's change to its record type's processor", async () => {
    const seen: WorkChange[] = [];
    const handle = createWorkerHandler({ export: async (c) => void seen.push(c) }, { logger: silent });

    expect(await handle(sqsEvent(body('Export', 'exp-1')))).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual([
      {
        eventName: 'MODIFY',
        entity: 'Export',
        keys: { pk: 'ACC#a', sk: 'exp-1' },
        newImage: { entity: 'Export', id: 'exp-1', status: 'running' },
      },
    ]);
  });

  it('reports a failed message as a batch item failure, and only that one', async () => {
    const handle = createWorkerHandler(
      {
        export: async (c) => {
          if (c.newImage?.id === 'exp-2') throw new Error('S3 is down');
        },
      },
      { logger: silent },
    );

    expect(await handle(sqsEvent(body('Export', 'exp-1'), body('Export', 'exp-2')))).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm-2' }],
    });
  });

  it('reports a message that is no background work, or whose record type has no processor, as failed', async () => {
    const handle = createWorkerHandler({}, { logger: silent });

    expect(await handle(sqsEvent('not json', '{"eventName":"REMOVE","keys":{}}', body('Import', 'imp-1')))).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm-1' }, { itemIdentifier: 'm-2' }, { itemIdentifier: 'm-3' }],
    });
  });
});
