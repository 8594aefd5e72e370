import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { exportRecord } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import { handler as worker } from '../../functions/workers/worker.handler';
import { replayDeadLetters } from '../../scripts/dead-letters';
import { emailsTo } from '../support/inbox';
import { api, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/**
 * `npm run replay-dead-letters -- --worker`' replay, through the local stack: the background
 * worker's dead letters are kept as the consumer's are (Lambda's S3 on-failure record, the batch
 * whole in `payload`), so the same replay hands them to the real worker long after the stream
 * trimmed them. Replaying is idempotent: a batch whose export has moved on changes nothing.
 */
describe("replaying the background worker's dead letters from its S3 on-failure destination", () => {
  const env = inject('localEnv');
  const s3 = new S3Client({
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL_S3,
    forcePathStyle: true,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID as string, secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string },
  });
  const bucket = `worker-dead-letters-${randomUUID().slice(0, 8)}`;
  let t: Tenant;
  const invokeWorker = async (event: Parameters<typeof worker>[0]) => {
    const result = (await worker.run(event)) as { batchItemFailures: unknown[] };
    if (result.batchItemFailures.length > 0) throw new Error('failed again');
  };

  beforeAll(async () => {
    t = await newAccountWithAdmin('worker-dead-letters');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  /** An export run to its end by the live worker, and the INSERT record of it as first queued. */
  async function finishedExport(): Promise<{ id: string; record: DynamoDBRecord }> {
    const started = await send('POST', '/exports', t.token, { report: 'jobs', format: 'csv' });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const until = Date.now() + 60_000;
    while ((await api(`/exports/${started.body.id}`, { token: t.token })).body.status !== 'done') {
      if (Date.now() > until) throw new Error('export not done');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const key = exportRecord(t.account.id, started.body.id);
    const { Item } = await dynamo.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: key }));
    const stored = Item as Record<string, unknown>;
    const queued = { ...stored, status: 'queued', version: 1 };
    return {
      id: started.body.id,
      record: {
        eventID: randomUUID(),
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        eventSourceARN: 'arn:aws:dynamodb:eu-west-1:000000000000:table/gone/stream/2026-01-01T00:00:00.000',
        dynamodb: {
          Keys: marshall(key) as never,
          NewImage: marshall(queued, { removeUndefinedValues: true }) as never,
          SequenceNumber: '200000000000000000001',
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      },
    };
  }

  /** The object Lambda writes for a failed batch: its on-failure record with the event in `payload`. */
  const deadLetterObject = (records: DynamoDBRecord[]) =>
    JSON.stringify({
      requestContext: { requestId: randomUUID(), condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: '2026-09-01T10:00:00.000Z',
      DDBStreamBatchInfo: { shardId: 'shardId-0002', batchSize: records.length },
      payload: JSON.stringify({ Records: records }),
    });

  it('hands a batch the stream no longer holds to the worker, which finds the export done and changes nothing, and moves it aside', async () => {
    const { id, record } = await finishedExport();
    await drainStreams();
    const before = (await api(`/exports/${id}`, { token: t.token })).body;
    const mails = (await emailsTo(t.admin.email)).length;
    const key = `aws/lambda/worker-mapping/shardId-0002/2026/09/01/2026-09-01T10.00.00-${randomUUID()}`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: deadLetterObject([record]) }));

    expect(await replayDeadLetters(s3, bucket, invokeWorker)).toEqual({ replayed: [key], failed: [] });
    await drainStreams();
    const after = (await api(`/exports/${id}`, { token: t.token })).body;
    expect(after).toMatchObject({ status: 'done', rowsWritten: before.rowsWritten });
    expect((await emailsTo(t.admin.email)).length).toBe(mails);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'replayed/' }));
    expect((listed.Contents ?? []).map((object) => object.Key)).toContain(`replayed/${key}`);
    // The same batch again: replayed, still nothing changes.
    const again = `${key}-again`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: again, Body: deadLetterObject([record]) }));
    expect((await replayDeadLetters(s3, bucket, invokeWorker, { key: again })).replayed).toEqual([again]);
    expect((await api(`/exports/${id}`, { token: t.token })).body.status).toBe('done');
  });
});
