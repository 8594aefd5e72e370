import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteItemCommand,
  DeleteTableCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStreamHandler } from '../../functions/streams/process-stream-batch';
import { streamConsumerSettings } from '../../lib/stream-consumer-settings';
import {
  type DynamoDbLocal,
  ensureTable,
  localCredentials,
  localRegion,
  startDynamoDbLocal,
} from '../../local/dynamodb-local';
import { freePort } from '../../local/ports';
import {
  type LocalEventSourceMapping,
  type LocalEventSourceMappingOptions,
  type MappingLogger,
  type StreamHandler,
  startLocalEventSourceMapping,
} from '../../local/streams';

/**
 * The stream path end to end: writes to DynamoDB Local reach a handler through the local
 * event-source mapping, with the deployed mapping's settings. Each test has its own table, so
 * the local stack's own stream consumer never sees these records.
 */

const region = process.env.AWS_REGION ?? localRegion;
const credentials =
  process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY
    ? { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY }
    : localCredentials;
const quiet: MappingLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: (message, details) => console.error(message, details),
};
const silentConsumerLog = { info: () => undefined, error: () => undefined };

let ownDynamo: DynamoDbLocal | undefined;
let endpoint: string;
let client: DynamoDBClient;
const running: LocalEventSourceMapping[] = [];
const scratchDirs: string[] = [];

beforeAll(async () => {
  // The integration globalSetup's DynamoDB Local when it runs; otherwise one of our own.
  const shared = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (shared) {
    endpoint = shared;
    client = new DynamoDBClient({ endpoint, region, credentials });
  } else {
    ownDynamo = await startDynamoDbLocal({ port: await freePort() });
    endpoint = ownDynamo.endpoint;
    client = ownDynamo.client;
  }
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((mapping) => mapping.stop()));
});

afterAll(async () => {
  if (ownDynamo) await ownDynamo.stop();
  else client.destroy();
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

async function freshTable() {
  const tableName = `stream-test-${randomUUID().slice(0, 8)}`;
  const { streamArn } = await ensureTable(client, tableName);
  return { tableName, streamArn };
}

async function startMapping(
  streamArn: string,
  handler: StreamHandler,
  extra: Partial<LocalEventSourceMappingOptions> = {},
): Promise<LocalEventSourceMapping> {
  const mapping = await startLocalEventSourceMapping({
    streamArn,
    endpoint,
    region,
    credentials,
    handler,
    settings: streamConsumerSettings,
    logger: quiet,
    ...extra,
  });
  running.push(mapping);
  return mapping;
}

const itemKey = (n: number) => ({ pk: { S: 'ACC#stream-test' }, sk: { S: `PROBE#${n}` } });

async function putItems(tableName: string, ...numbers: number[]) {
  for (const n of numbers) {
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { ...itemKey(n), entity: { S: 'probe' }, n: { N: String(n) } },
      }),
    );
  }
}

/** The probe number of a record (from whichever image it has). */
function numberOf(record: DynamoDBRecord): number {
  return Number((record.dynamodb?.NewImage ?? record.dynamodb?.OldImage)?.n?.N);
}

/**
 * Our real consumer (`createStreamHandler`) with one processor that fails on probe `poison` (3
 * unless told) until fixed; records which probes each invocation carried and which were processed.
 */
function consumerFailingOnThree(poison = 3) {
  const invocations: number[][] = [];
  const processed: number[] = [];
  const deadLettersSeenAt: number[] = [];
  const state = { broken: true, mapping: undefined as LocalEventSourceMapping | undefined };
  const consumer = createStreamHandler(
    [
      {
        name: 'probe',
        handles: (change) => change.entity === 'probe',
        async process(change) {
          const n = Number(change.newImage?.n);
          if (state.broken && n === poison) throw new Error(`probe ${poison} cannot be processed`);
          processed.push(n);
        },
      },
    ],
    { logger: silentConsumerLog },
  );
  const handler: StreamHandler = (event: DynamoDBStreamEvent) => {
    invocations.push(event.Records.map(numberOf));
    deadLettersSeenAt.push(state.mapping?.deadLetters.list().length ?? 0);
    return consumer(event);
  };
  return { handler, invocations, processed, deadLettersSeenAt, state };
}

describe('the local event-source mapping', () => {
  it('delivers an INSERT, a MODIFY with old and new images and a REMOVE as real DynamoDBStreamEvent records', async () => {
    const { tableName, streamArn } = await freshTable();
    const events: DynamoDBStreamEvent[] = [];
    const contexts: Context[] = [];
    const mapping = await startMapping(streamArn, (event, context) => {
      events.push(event);
      contexts.push(context);
    });

    await putItems(tableName, 1);
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: itemKey(1),
        UpdateExpression: 'SET n = :n',
        ExpressionAttributeValues: { ':n': { N: '2' } },
      }),
    );
    await client.send(new DeleteItemCommand({ TableName: tableName, Key: itemKey(1) }));
    await mapping.drained();

    const records = events.flatMap((event) => event.Records);
    expect(records.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    const [insert, modify, remove] = records;
    for (const record of records) {
      expect(record).toMatchObject({
        eventID: expect.any(String),
        eventVersion: expect.any(String),
        eventSource: 'aws:dynamodb',
        awsRegion: expect.any(String),
        eventSourceARN: streamArn,
        dynamodb: {
          ApproximateCreationDateTime: expect.any(Number),
          Keys: itemKey(1),
          SequenceNumber: expect.stringMatching(/^\d+$/),
          SizeBytes: expect.any(Number),
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      });
    }
    expect(insert?.dynamodb?.NewImage?.n).toEqual({ N: '1' });
    expect(insert?.dynamodb?.OldImage).toBeUndefined();
    expect(modify?.dynamodb?.OldImage?.n).toEqual({ N: '1' });
    expect(modify?.dynamodb?.NewImage?.n).toEqual({ N: '2' });
    expect(remove?.dynamodb?.OldImage?.n).toEqual({ N: '2' });
    expect(remove?.dynamodb?.NewImage).toBeUndefined();
    const sequence = records.map((record) => BigInt(record.dynamodb?.SequenceNumber ?? '0'));
    expect(sequence).toEqual([...sequence].sort((a, b) => (a < b ? -1 : 1)));
    expect(contexts[0]).toMatchObject({ awsRequestId: expect.any(String), functionName: 'fieldpass-stream-consumer' });
  });

  it('drains while another writer keeps writing: what was written before, and what its delivery wrote, is handled', async () => {
    const { tableName, streamArn } = await freshTable();
    const seen = new Set<string>();
    // Each probe's delivery writes a follow-up item: a record written by the consumer itself.
    const mapping = await startMapping(streamArn, async (event) => {
      for (const record of event.Records) {
        const sk = record.dynamodb?.Keys?.sk?.S ?? '';
        seen.add(sk);
        const n = Number(sk.replace('PROBE#', ''));
        if (record.eventName === 'INSERT' && n < 1000) await putItems(tableName, n + 1000);
      }
      return { batchItemFailures: [] };
    });
    // Another test on the same stack: a write every few milliseconds for as long as this one runs.
    let writing = true;
    const other = (async () => {
      for (let n = 5000; writing; n++) await putItems(tableName, n);
    })();
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await putItems(tableName, 1, 2, 3);
      await mapping.drained({ timeoutMs: 60_000 });
      for (const sk of ['PROBE#1', 'PROBE#2', 'PROBE#3', 'PROBE#1001', 'PROBE#1002', 'PROBE#1003']) {
        expect(seen, sk).toContain(sk);
      }
    } finally {
      writing = false;
      await other;
    }
  });

  it('pauses between reads of an idle stream, and reads at once when nudged', async () => {
    const { tableName, streamArn } = await freshTable();
    const delivered: number[] = [];
    let arrived: (() => void) | undefined;
    const mapping = await startMapping(
      streamArn,
      (event) => {
        delivered.push(...event.Records.map(numberOf));
        arrived?.();
      },
      { pollIntervalMs: 30_000, idlePollMaxMs: 60_000 },
    );
    // The first read finds nothing and pauses 30 s: a record written 1.5 s in waits for the next
    // read, over 28 s later, unless a nudge ends the pause (10 s allowed on a busy machine).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const delivery = new Promise<'delivered'>((resolve) => {
      arrived = () => resolve('delivered');
    });
    await putItems(tableName, 1);
    mapping.nudge();
    const tooLate = new Promise<'still paused'>((resolve) => setTimeout(() => resolve('still paused'), 10_000));
    expect(await Promise.race([delivery, tooLate])).toBe('delivered');
    expect(delivered).toEqual([1]);
  });

  it('retries a failing record alone retryAttempts + 1 times, dead-letters it alone, and processes the others exactly once', async () => {
    const { tableName, streamArn } = await freshTable();
    await putItems(tableName, 1, 2, 3, 4, 5);
    const consumer = consumerFailingOnThree();

    const mapping = await startMapping(streamArn, consumer.handler);
    consumer.state.mapping = mapping;
    await mapping.drained();

    // Partial failure at 3; then 3 fails first in its batch, the consumer throws and the batch is
    // halved: [3] alone has a retry budget of its own.
    expect(consumer.invocations).toEqual([[1, 2, 3, 4, 5], [3, 4, 5], [3], [3], [3], [3], [4, 5]]);
    expect(consumer.invocations.filter((probes) => probes.length === 1 && probes[0] === 3)).toHaveLength(
      streamConsumerSettings.retryAttempts + 1,
    );
    expect(consumer.processed).toEqual([1, 2, 4, 5]);
    expect(consumer.deadLettersSeenAt.at(-1)).toBe(1); // 4 and 5 were processed after 3 was dead-lettered
    const [deadLetter, ...others] = mapping.deadLetters.list();
    expect(others).toEqual([]);
    expect(deadLetter?.message).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 4 },
      responseContext: { statusCode: 200, functionError: 'Unhandled' },
      version: '1.0',
      DDBStreamBatchInfo: { batchSize: 1, streamArn, shardId: expect.stringMatching(/^shardId-/) },
    });
    const info = deadLetter?.message.DDBStreamBatchInfo;
    expect(info?.startSequenceNumber).toBe(info?.endSequenceNumber);
  });

  it('halves a batch whose invocation throws until the failing record is alone', async () => {
    const { tableName, streamArn } = await freshTable();
    await putItems(tableName, 1, 2, 3, 4, 5);
    const invocations: number[][] = [];

    const mapping = await startMapping(streamArn, (event: DynamoDBStreamEvent) => {
      const probes = event.Records.map(numberOf);
      invocations.push(probes);
      if (probes.includes(3)) throw new Error('this batch holds probe 3');
    });
    await mapping.drained();

    expect(invocations).toEqual([[1, 2, 3, 4, 5], [1, 2], [3, 4, 5], [3], [3], [3], [3], [4, 5]]);
    expect(mapping.deadLetters.list().map((entry) => entry.message.DDBStreamBatchInfo.batchSize)).toEqual([1]);
  });

  it('dead-letters only the one record that fails among 25 when it comes first, processes the 24 others once each in order, and replays it alone', async () => {
    const { tableName, streamArn } = await freshTable();
    const all = Array.from({ length: 25 }, (_, i) => i + 1);
    await putItems(tableName, ...all);
    const consumer = consumerFailingOnThree(1);

    const mapping = await startMapping(streamArn, consumer.handler);
    await mapping.drained();

    expect(consumer.processed).toEqual(all.slice(1));
    const [deadLetter, ...others] = mapping.deadLetters.list();
    expect(others).toEqual([]);
    const info = deadLetter?.message.DDBStreamBatchInfo;
    expect(info?.batchSize).toBe(1);
    expect(info?.startSequenceNumber).toBe(info?.endSequenceNumber);

    consumer.state.broken = false;
    const result = await mapping.deadLetters.replay(deadLetter?.id ?? '');

    expect(result).toEqual({ id: deadLetter?.id, replayed: 1, expected: 1 });
    expect(consumer.invocations.at(-1)).toEqual([1]);
    expect(consumer.processed).toEqual([...all.slice(1), 1]);
    expect(mapping.deadLetters.list()).toEqual([]);
  });

  it('keeps a dead letter whose replay fails again', async () => {
    const { tableName, streamArn } = await freshTable();
    await putItems(tableName, 1, 2, 3, 4, 5);
    const consumer = consumerFailingOnThree();
    const mapping = await startMapping(streamArn, consumer.handler);
    await mapping.drained();
    const [deadLetter] = mapping.deadLetters.list();

    await expect(mapping.deadLetters.replay(deadLetter?.id ?? '')).rejects.toThrow('failed again');

    expect(mapping.deadLetters.list()).toEqual([deadLetter]);
  });

  it('replays a dead letter from the stream once the handler is fixed, and empties the store', async () => {
    const { tableName, streamArn } = await freshTable();
    await putItems(tableName, 1, 2, 3, 4, 5);
    const consumer = consumerFailingOnThree();
    const mapping = await startMapping(streamArn, consumer.handler);
    await mapping.drained();
    const [deadLetter] = mapping.deadLetters.list();
    consumer.state.broken = false;

    const result = await mapping.deadLetters.replay(deadLetter?.id ?? '');

    expect(result).toEqual({ id: deadLetter?.id, replayed: 1, expected: 1 });
    expect(consumer.invocations.at(-1)).toEqual([3]);
    expect(consumer.processed).toEqual([1, 2, 4, 5, 3]);
    expect(mapping.deadLetters.list()).toEqual([]);
  });

  it('refuses to replay a dead letter it does not hold', async () => {
    const { streamArn } = await freshTable();
    const mapping = await startMapping(streamArn, () => undefined);

    await expect(mapping.deadLetters.replay('no-such-id')).rejects.toThrow('No dead letter no-such-id');
  });

  it('does not deliver processed records again after a restart with the same checkpoint file', async () => {
    const { tableName, streamArn } = await freshTable();
    const dir = mkdtempSync(join(tmpdir(), 'stream-mapping-'));
    scratchDirs.push(dir);
    const files = { checkpointFile: join(dir, 'checkpoints.json'), deadLetterFile: join(dir, 'dead-letters.json') };
    const firstRun: number[] = [];
    const secondRun: number[] = [];
    const first = await startMapping(streamArn, (event) => void firstRun.push(...event.Records.map(numberOf)), files);
    await putItems(tableName, 1, 2, 3);
    await first.drained();
    await first.stop();

    await putItems(tableName, 4, 5);
    const second = await startMapping(streamArn, (event) => void secondRun.push(...event.Records.map(numberOf)), files);
    await second.drained();

    expect(firstRun).toEqual([1, 2, 3]);
    expect(secondRun).toEqual([4, 5]);
  });

  it('applies the event filters as Lambda does: only matching records invoke, the others are checkpointed', async () => {
    const { tableName, streamArn } = await freshTable();
    const dir = mkdtempSync(join(tmpdir(), 'stream-mapping-'));
    scratchDirs.push(dir);
    const files = { checkpointFile: join(dir, 'checkpoints.json'), deadLetterFile: join(dir, 'dead-letters.json') };
    // Probes 2 and 4 only, on insert: what a filter on the new image's attributes selects.
    const filters = [{ eventName: ['INSERT'], dynamodb: { NewImage: { n: { N: ['2', '4'] } } } }];
    const seen: number[][] = [];
    const first = await startMapping(streamArn, (event) => void seen.push(event.Records.map(numberOf)), {
      ...files,
      filters,
    });
    await putItems(tableName, 1, 2, 3, 4, 5);
    await client.send(new DeleteItemCommand({ TableName: tableName, Key: itemKey(2) }));
    await first.drained();
    await first.stop();
    expect(seen.flat()).toEqual([2, 4]);

    // The filtered records after the last delivered one were checkpointed too: nothing comes again.
    const again: number[] = [];
    const second = await startMapping(streamArn, (event) => void again.push(...event.Records.map(numberOf)), {
      ...files,
      filters,
    });
    await second.drained();
    expect(again).toEqual([]);
  });

  it('keeps dead letters in their file across a restart, still replayable', async () => {
    const { tableName, streamArn } = await freshTable();
    const dir = mkdtempSync(join(tmpdir(), 'stream-mapping-'));
    scratchDirs.push(dir);
    const files = { checkpointFile: join(dir, 'checkpoints.json'), deadLetterFile: join(dir, 'dead-letters.json') };
    await putItems(tableName, 1, 2, 3, 4, 5);
    const first = await startMapping(streamArn, consumerFailingOnThree().handler, files);
    await first.drained();
    const deadLetters = first.deadLetters.list();
    await first.stop();
    const fixed = consumerFailingOnThree();
    fixed.state.broken = false;

    const second = await startMapping(streamArn, fixed.handler, files);
    await second.drained();
    expect(second.deadLetters.list()).toEqual(deadLetters);
    await second.deadLetters.replay(deadLetters[0]?.id ?? '');

    expect(fixed.invocations).toEqual([[3]]);
    expect(second.deadLetters.list()).toEqual([]);
  });

  it('replays a dead letter after its records are gone from the stream, from the full change it keeps', async () => {
    const { tableName, streamArn } = await freshTable();
    const dir = mkdtempSync(join(tmpdir(), 'stream-mapping-'));
    scratchDirs.push(dir);
    const deadLetterFile = join(dir, 'dead-letters.json');
    await putItems(tableName, 1, 2, 3);
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: itemKey(3),
        UpdateExpression: 'SET note = :note',
        ExpressionAttributeValues: { ':note': { S: 'changed' } },
      }),
    );
    const first = await startMapping(streamArn, consumerFailingOnThree().handler, {
      checkpointFile: join(dir, 'checkpoints.json'),
      deadLetterFile,
    });
    await first.drained();
    // Record 3's INSERT and MODIFY, each dead-lettered alone.
    const kept = first.deadLetters.list();
    expect(kept).toHaveLength(2);
    await first.stop();
    // The table and its stream are gone: nothing can be read back from them any more.
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    const elsewhere = await freshTable();
    const replayed: DynamoDBRecord[] = [];
    const second = await startMapping(elsewhere.streamArn, (event) => void replayed.push(...event.Records), {
      deadLetterFile,
    });

    for (const deadLetter of kept) {
      expect(await second.deadLetters.replay(deadLetter.id)).toEqual({ id: deadLetter.id, replayed: 1, expected: 1 });
    }

    expect(replayed.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY']);
    expect(replayed[1]?.dynamodb?.OldImage?.note).toBeUndefined();
    expect(replayed[1]?.dynamodb?.NewImage?.note).toEqual({ S: 'changed' });
    expect(second.deadLetters.list()).toEqual([]);
  });

  it('sends records older than the maximum record age straight to the failure destination', async () => {
    const { tableName, streamArn } = await freshTable();
    await putItems(tableName, 1, 2);
    const invocations: number[][] = [];
    const twoHoursLater = () => new Date(Date.now() + 2 * 3600 * 1000);

    const mapping = await startMapping(streamArn, (event) => void invocations.push(event.Records.map(numberOf)), {
      clock: twoHoursLater,
    });
    await mapping.drained();

    expect(invocations).toEqual([]);
    expect(mapping.deadLetters.list().map((entry) => entry.message)).toEqual([
      expect.objectContaining({
        requestContext: expect.objectContaining({ condition: 'RecordAgeExceeded', approximateInvokeCount: 0 }),
        DDBStreamBatchInfo: expect.objectContaining({ batchSize: 2, streamArn }),
      }),
    ]);
  });

  it('rejects a wait for draining once the mapping is stopped', async () => {
    const { streamArn } = await freshTable();
    const mapping = await startMapping(streamArn, () => undefined);
    const waiting = mapping.drained();

    await mapping.stop();

    await expect(waiting).rejects.toThrow('stopped before it drained');
    await expect(mapping.drained()).rejects.toThrow('is stopped');
  });

  it('refuses to start on a stream that does not exist, naming it', async () => {
    const { streamArn } = await freshTable();
    const missing = streamArn.replace(/table\/[^/]+/, 'table/no-such-table');

    await expect(startMapping(missing, () => undefined)).rejects.toThrow(`Cannot read the stream ${missing}`);
  });
});
