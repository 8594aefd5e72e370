import { GetQueueAttributesCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkDispatchHandler } from '../../functions/streams/background-work';
import { StreamBatchError } from '../../functions/streams/stream-batch';
import { freePort } from '../../local/ports';
import { LocalQueue, type LocalQueuePoller, startLocalQueuePoller, startLocalSqs } from '../../local/sqs';

/**
 * The local SQS stand-in (local/sqs/) as the product and the ops script reach it: the product's
 * signed sender (`shared/sqs-queue.ts`, SendMessageBatch in SQS's JSON protocol) and the SDK's SQS
 * client, on a server and queues of this file's own; and the poller that invokes an SQS-triggered
 * handler with real SQS events, honouring the visibility timeout, the redrive policy and
 * ReportBatchItemFailures. It points the product's SQS endpoint at its own server, so it runs in a
 * module graph of its own.
 */
let server: { endpoint: string; stop(): Promise<void> };
let queue: LocalQueue;
let deadLetters: LocalQueue;
let sqs: SQSClient;
let sendMessages: (queueUrl: string, bodies: readonly string[]) => Promise<void>;

beforeAll(async () => {
  const port = await freePort();
  const url = (name: string) => `http://127.0.0.1:${port}/000000000000/${name}`;
  deadLetters = new LocalQueue({ name: 'dlq', region: 'eu-west-1', url: url('dlq'), visibilityTimeoutSeconds: 30 });
  queue = new LocalQueue({
    name: 'work',
    region: 'eu-west-1',
    url: url('work'),
    visibilityTimeoutSeconds: 0.2,
    deadLetter: { queue: deadLetters, maxReceiveCount: 3 },
  });
  server = await startLocalSqs({ port, queues: [queue, deadLetters] });
  process.env.AWS_ENDPOINT_URL_SQS = server.endpoint;
  ({ sendMessages } = await import('#shared/sqs-queue'));
  sqs = new SQSClient({
    region: 'eu-west-1',
    endpoint: server.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  sqs.destroy();
  await server.stop();
});

/** Receives and deletes everything the queue holds now (a test's leftovers). */
const empty = (q: LocalQueue) => {
  for (const message of q.receive(1000, 0)) q.delete(message.receiptHandle ?? '');
};

describe("the local SQS endpoint (SQS's JSON protocol)", () => {
  it("takes the product's messages ten a request, each body whole and in order", async () => {
    empty(queue);
    const bodies = Array.from({ length: 23 }, (_, i) => JSON.stringify({ step: i + 1, note: 'ünïcode ✓' }));
    await sendMessages(queue.url, bodies);

    expect(queue.accepted).toBeGreaterThanOrEqual(23);
    expect(queue.list().map((message) => message.body)).toEqual(bodies);
  });

  it('refuses a queue it does not have, as SQS does, and the sender throws it', async () => {
    await expect(sendMessages(queue.url.replace('/work', '/nowhere'), ['{}'])).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
      status: 400,
    });
  });

  it('refuses a batch of more than ten, one of none, and ids that are not distinct', async () => {
    const batch = async (entries: unknown[]) => {
      const res = await fetch(server.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessageBatch' },
        body: JSON.stringify({ QueueUrl: queue.url, Entries: entries }),
      });
      return { status: res.status, type: ((await res.json()) as { __type?: string }).__type };
    };
    const entry = (id: string) => ({ Id: id, MessageBody: 'x' });
    expect(await batch(Array.from({ length: 11 }, (_, i) => entry(String(i))))).toEqual({
      status: 400,
      type: 'com.amazonaws.sqs#TooManyEntriesInBatchRequest',
    });
    expect(await batch([])).toEqual({ status: 400, type: 'com.amazonaws.sqs#EmptyBatchRequest' });
    expect(await batch([entry('a'), entry('a')])).toEqual({
      status: 400,
      type: 'com.amazonaws.sqs#BatchEntryIdsNotDistinct',
    });
  });

  it("answers the SDK client's GetQueueAttributes and StartMessageMoveTask (a dead-letter queue's messages back to its source)", async () => {
    empty(queue);
    empty(deadLetters);
    deadLetters.send('redriven');
    const waiting = async (q: LocalQueue) =>
      (
        await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['ApproximateNumberOfMessages'] }),
        )
      ).Attributes?.ApproximateNumberOfMessages;
    expect(await waiting(deadLetters)).toBe('1');

    const task = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: deadLetters.arn }));

    expect(task.TaskHandle).toBeTruthy();
    expect(await waiting(deadLetters)).toBe('0');
    expect(queue.list().map((message) => message.body)).toEqual(['redriven']);
  });
});

describe("the records consumer's dispatch through the product's sender", () => {
  const silent = { info: () => undefined, error: () => undefined };
  const record = (n: number, image: Record<string, unknown>): DynamoDBRecord => ({
    eventID: `e-${n}`,
    eventName: 'MODIFY',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: marshall({ pk: 'ACC#a', sk: `IMPORT#${n}` }) as never,
      NewImage: marshall({ pk: 'ACC#a', sk: `IMPORT#${n}`, ...image }) as never,
      SequenceNumber: `50000000000000000000${n}`,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  });

  it('puts a message on the queue for each background record that needs work, and none for one finished', async () => {
    empty(queue);
    const dispatch = createWorkDispatchHandler((bodies) => sendMessages(queue.url, bodies), { logger: silent });
    const answer = await dispatch({
      Records: [
        record(1, { entity: 'Import', status: 'committing', version: 3 }),
        record(2, { entity: 'Import', status: 'committed', version: 4 }),
      ],
    });

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(queue.list().map((message) => JSON.parse(message.body))).toEqual([
      {
        eventName: 'MODIFY',
        keys: { pk: 'ACC#a', sk: 'IMPORT#1' },
        newImage: { pk: 'ACC#a', sk: 'IMPORT#1', entity: 'Import', status: 'committing', version: 3 },
      },
    ]);
  });

  it('fails the batch when SQS refuses the request (an unknown queue), so the stream retries it', async () => {
    const dispatch = createWorkDispatchHandler((bodies) => sendMessages(`${queue.url}-gone`, bodies), {
      logger: silent,
    });
    const records = [record(1, { entity: 'Job' }), record(2, { entity: 'Import', status: 'validating' })];

    expect(await dispatch({ Records: records })).toEqual({
      batchItemFailures: [{ itemIdentifier: records[1]?.dynamodb?.SequenceNumber }],
    });
    await expect(dispatch({ Records: records.slice(1) })).rejects.toBeInstanceOf(StreamBatchError);
  });
});

describe('the local SQS event-source mapping', () => {
  let poller: LocalQueuePoller | undefined;
  afterAll(() => poller?.stop());

  /** Starts the poller on `queue` with `handle`, recording every event it was invoked with. */
  function poll(handle: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>) {
    const events: SQSEvent[] = [];
    poller = startLocalQueuePoller({
      queue,
      handler: (event) => {
        events.push(event);
        return handle(event);
      },
      batchSize: 1,
      reportBatchItemFailures: true,
      region: 'eu-west-1',
      warn: () => undefined,
    });
    return events;
  }

  it('invokes the handler with real SQS records, one message a batch, and deletes what succeeded', async () => {
    await poller?.stop();
    empty(queue);
    const events = poll(async () => ({ batchItemFailures: [] }));
    await sendMessages(queue.url, ['one', 'two']);
    await poller?.drained({ timeoutMs: 10_000 });

    expect(events.map((event) => event.Records.map((r) => r.body))).toEqual([['one'], ['two']]);
    expect(events[0]?.Records[0]).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: 'eu-west-1',
      attributes: { ApproximateReceiveCount: '1' },
    });
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 0 });
  });

  it('receives a reported failure again after the visibility timeout, then dead-letters it after the last receive', async () => {
    await poller?.stop();
    empty(queue);
    empty(deadLetters);
    const events = poll(async (event) => ({
      batchItemFailures: event.Records.filter((r) => r.body === 'bad').map((r) => ({ itemIdentifier: r.messageId })),
    }));
    await sendMessages(queue.url, ['bad', 'good']);
    await poller?.drained({ timeoutMs: 10_000 });

    const receives = events.flatMap((event) =>
      event.Records.map((r) => [r.body, r.attributes.ApproximateReceiveCount]),
    );
    expect(receives.filter(([body]) => body === 'bad')).toEqual([
      ['bad', '1'],
      ['bad', '2'],
      ['bad', '3'],
    ]);
    expect(receives.filter(([body]) => body === 'good')).toEqual([['good', '1']]);
    expect(deadLetters.list().map((message) => message.body)).toEqual(['bad']);
  });

  it('rejects a drain still waiting when it stops (a failed message hidden for its visibility timeout)', async () => {
    await poller?.stop();
    const slow = new LocalQueue({
      name: 'slow',
      region: 'eu-west-1',
      url: `${queue.url}-slow`,
      visibilityTimeoutSeconds: 60,
    });
    slow.send('fails');
    const stopping = startLocalQueuePoller({
      queue: slow,
      handler: async (event: SQSEvent) => ({
        batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })),
      }),
      batchSize: 1,
      reportBatchItemFailures: true,
      region: 'eu-west-1',
      warn: () => undefined,
    });
    const drained = stopping.drained({ timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(slow.counts()).toEqual({ visible: 0, inFlight: 1 });

    await stopping.stop();

    await expect(drained).rejects.toThrow(/stopped before it drained/);
  });

  it('receives again every message of a batch whose handler threw', async () => {
    await poller?.stop();
    empty(queue);
    let calls = 0;
    const events = poll(async () => {
      calls += 1;
      if (calls === 1) throw new Error('cold start failed');
      return { batchItemFailures: [] };
    });
    await sendMessages(queue.url, ['once more']);
    await poller?.drained({ timeoutMs: 10_000 });

    expect(events.map((event) => event.Records[0]?.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
  });
});
