import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { itemTrailPage } from '../../functions/audit/audit-repository';
import { workItem } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import { createAuditTrailHandler } from '../../functions/streams/audit-trail';
import { StreamBatchError } from '../../functions/streams/stream-batch';
import { countRequests } from '../support/request-counter';

/**
 * The audit consumer's batched writes (streams/audit-trail.ts, audit/audit-repository.ts
 * `recordAuditEvents`) against DynamoDB Local: a batch's entries in BatchWriteItem requests of 25,
 * what DynamoDB leaves unprocessed retried, and a failure answered with the earliest record whose
 * entry may be missing, so Lambda's retry from there leaves every entry exactly once. DynamoDB's
 * throttling is played by a middleware on the client that withholds items from a request and
 * answers them as DynamoDB does, unprocessed (the rest are written by DynamoDB Local); a failed
 * request by one that refuses the request before it is sent.
 */
const counter = countRequests(dynamo);
const logs: { message: string; fields: Record<string, unknown> }[] = [];
const counts: Record<string, number>[] = [];
const handle = createAuditTrailHandler({
  logger: {
    info: (message: string, fields?: Record<string, unknown>) => logs.push({ message, fields: fields ?? {} }),
    error: (message: string, fields?: Record<string, unknown>) => logs.push({ message, fields: fields ?? {} }),
  } as never,
  count: (c) => counts.push(c),
});

let sequence = 700_000_000_000_000_000_000n;
const nextSequence = () => {
  sequence += 1n;
  return `${sequence}`;
};

/** A job's creation as its stream record: one `item_created` entry in the job's trail. */
function jobCreated(accountId: string): { jobId: string; record: DynamoDBRecord } {
  const jobId = randomUUID();
  const key = workItem('job', accountId, jobId);
  return {
    jobId,
    record: {
      eventID: randomUUID(),
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      dynamodb: {
        Keys: marshall(key) as never,
        NewImage: marshall({ ...key, entity: 'Job', id: jobId, title: 'Gate B', createdBy: 'u-1' }) as never,
        SequenceNumber: nextSequence(),
        ApproximateCreationDateTime: 1_796_000_000,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    },
  };
}

function jobsCreated(n: number) {
  const accountId = `acc-${randomUUID()}`;
  const jobs = Array.from({ length: n }, () => jobCreated(accountId));
  return { accountId, jobIds: jobs.map((j) => j.jobId), records: jobs.map((j) => j.record) };
}

const batch = (records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

/** How many entries each job's trail holds. */
const entriesOf = (accountId: string, jobIds: string[]) =>
  Promise.all(jobIds.map(async (id) => (await itemTrailPage('job', accountId, id, { limit: 10 })).items.length));

type WriteRequests = Record<string, { PutRequest?: { Item?: Record<string, unknown> } }[]>;
/** The stream record an entry is filed for (its `eventId`, marshalled by the time the middleware sees it). */
const recordOf = (request: { PutRequest?: { Item?: Record<string, unknown> } }) => {
  const id = request.PutRequest?.Item?.eventId as { S?: string } | string | undefined;
  return String(typeof id === 'object' ? id.S : id);
};

/**
 * Plays DynamoDB on BatchWriteItem: `withhold` picks the items of a request to leave unprocessed
 * (they are not sent, and come back in UnprocessedItems), `refuse` fails a whole request.
 */
function faults(options: {
  withhold?: (request: { PutRequest?: { Item?: Record<string, unknown> } }, attempt: number) => boolean;
  refuse?: (requests: { PutRequest?: { Item?: Record<string, unknown> } }[]) => boolean;
}) {
  const name = `auditFaults${Math.random()}`;
  const attempts = new Map<string, number>();
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      if (!/^BatchWrite(Item)?Command$/.test(String(context.commandName))) return next(args);
      const input = args.input as { RequestItems: WriteRequests };
      const [table, requests = []] = Object.entries(input.RequestItems)[0] ?? [];
      if (options.refuse?.(requests))
        throw Object.assign(new Error('Throughput exceeds the table’s'), { name: 'ThrottlingException' });
      const withheld = requests.filter((request) => {
        const attempt = (attempts.get(recordOf(request)) ?? 0) + 1;
        attempts.set(recordOf(request), attempt);
        return options.withhold?.(request, attempt) ?? false;
      });
      const sent = requests.filter((request) => !withheld.includes(request));
      const result =
        sent.length > 0
          ? await next({ ...args, input: { ...input, RequestItems: { [table as string]: sent } } })
          : { output: { $metadata: {} }, response: {} };
      const output = result.output as { UnprocessedItems?: WriteRequests };
      if (withheld.length > 0) output.UnprocessedItems = { [table as string]: withheld };
      return result;
    },
    { step: 'initialize', name },
  );
  return () => dynamo.middlewareStack.remove(name);
}

let removeFaults: (() => void) | undefined;
afterEach(() => {
  removeFaults?.();
  removeFaults = undefined;
  counter.reset();
  logs.length = 0;
  counts.length = 0;
});

describe("the audit consumer's batched writes", () => {
  it('files a batch of 60 records in three BatchWriteItem requests, each entry once', async () => {
    const { accountId, jobIds, records } = jobsCreated(60);

    expect(await handle(batch(records))).toEqual({ batchItemFailures: [] });

    expect(counter.sent).toEqual(['BatchWrite', 'BatchWrite', 'BatchWrite']);
    expect(await entriesOf(accountId, jobIds)).toEqual(jobIds.map(() => 1));
    expect(counts).toEqual([{ AuditRecordsProcessed: 60 }]);
    expect(logs).toEqual([
      {
        message: 'Stream batch processed',
        fields: expect.objectContaining({ records: 60, processed: 60, processors: { auditTrail: 60 } }),
      },
    ]);
  });

  it('retries what DynamoDB leaves unprocessed until every entry is written', async () => {
    const { accountId, jobIds, records } = jobsCreated(30);
    const slow = new Set(records.slice(15, 25).map((record) => record.eventID));
    // Ten entries of the first request left unprocessed twice: it is retried twice with them, with backoff.
    removeFaults = faults({ withhold: (request, attempt) => slow.has(recordOf(request)) && attempt <= 2 });

    expect(await handle(batch(records))).toEqual({ batchItemFailures: [] });

    expect(counter.sent.filter((name) => name === 'BatchWrite')).toHaveLength(2 + 2);
    expect(await entriesOf(accountId, jobIds)).toEqual(jobIds.map(() => 1));
  });

  it('names the earliest record whose request failed; the retry from it leaves each entry once', async () => {
    const { accountId, jobIds, records } = jobsCreated(60);
    const poisoned = records[40]?.eventID;
    // The second request (records 26–50) fails; the first and third are written.
    removeFaults = faults({ refuse: (requests) => requests.some((request) => recordOf(request) === poisoned) });

    const answer = await handle(batch(records));

    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: records[25]?.dynamodb?.SequenceNumber }] });
    const written = await entriesOf(accountId, jobIds);
    expect(written.slice(0, 25)).toEqual(Array(25).fill(1));
    expect(written.slice(25, 50)).toEqual(Array(25).fill(0));
    expect(written.slice(50)).toEqual(Array(10).fill(1));
    expect(counts).toEqual([{ AuditRecordsProcessed: 25, AuditRecordFailed: 1 }]);
    expect(logs[0]).toMatchObject({
      message: 'Stream record failed',
      fields: { position: 26, records: 60, eventName: 'INSERT', entity: 'Job', processed: 25 },
    });
    // No image in the log line (R11): the job ids and titles stay out of it.
    expect(JSON.stringify(logs)).not.toContain(jobIds[25]);
    expect(JSON.stringify(logs)).not.toContain('Gate B');

    // Lambda retries from the record named: the entries after it are written again, to the same keys.
    removeFaults();
    removeFaults = undefined;
    expect(await handle(batch(records.slice(25)))).toEqual({ batchItemFailures: [] });
    expect(await entriesOf(accountId, jobIds)).toEqual(jobIds.map(() => 1));
  });

  it('names a record still unprocessed after every attempt, and writes those before it', async () => {
    const { accountId, jobIds, records } = jobsCreated(10);
    const stuck = records[6]?.eventID;
    removeFaults = faults({ withhold: (request) => recordOf(request) === stuck });

    const answer = await handle(batch(records));

    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: records[6]?.dynamodb?.SequenceNumber }] });
    expect(await entriesOf(accountId, jobIds)).toEqual([1, 1, 1, 1, 1, 1, 0, 1, 1, 1]);
  });

  it('throws when the first record’s entry may not be written, so Lambda bisects the batch', async () => {
    const { accountId, jobIds, records } = jobsCreated(30);
    const poisoned = records[3]?.eventID;
    removeFaults = faults({ refuse: (requests) => requests.some((request) => recordOf(request) === poisoned) });

    await expect(handle(batch(records))).rejects.toBeInstanceOf(StreamBatchError);
    expect(counts).toEqual([{ AuditRecordsProcessed: 0, AuditRecordFailed: 1 }]);
    // The first request (records 1–25) failed; the second was written, and is written again on the retry.
    expect(await entriesOf(accountId, jobIds)).toEqual([...Array(25).fill(0), ...Array(5).fill(1)]);
  });

  it('adds nothing when a batch is delivered again, or holds the same record twice', async () => {
    const { accountId, jobIds, records } = jobsCreated(5);
    const twice = [...records, ...records];

    expect(await handle(batch(twice))).toEqual({ batchItemFailures: [] });
    expect(await handle(batch(records))).toEqual({ batchItemFailures: [] });

    expect(await entriesOf(accountId, jobIds)).toEqual([1, 1, 1, 1, 1]);
  });

  it('stops at a record it cannot read, writing only the entries before it', async () => {
    const { accountId, jobIds, records } = jobsCreated(4);
    const unreadable = { ...records[2], eventName: 'UPSERT' } as unknown as DynamoDBRecord;

    const answer = await handle(batch([records[0], records[1], unreadable, records[3]] as DynamoDBRecord[]));

    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: records[2]?.dynamodb?.SequenceNumber }] });
    expect(await entriesOf(accountId, jobIds)).toEqual([1, 1, 0, 0]);
  });
});
