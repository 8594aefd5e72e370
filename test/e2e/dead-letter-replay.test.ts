import { randomUUID } from 'node:crypto';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { workItem } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import { handler as reactionsConsumer } from '../../functions/streams/reactions-consumer.handler';
import { handler as recordsConsumer } from '../../functions/streams/records-consumer.handler';
import { functionOfBatch, replayDeadLetters } from '../../scripts/dead-letters';
import { daysFromNow } from '../support/dates';
import {
  deadLetterBucket,
  failingOnItemFailures,
  goneStreamRecord,
  deadLetterObject as lambdaDeadLetter,
} from '../support/dead-letters';
import { api, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

/**
 * `npm run replay-dead-letters`' replay, through the local stack: a dead letter as Lambda's S3
 * on-failure destination keeps it (the failed batch whole, in `payload`) is handed to the real
 * stream consumer it failed in (the records consumer or the reactions consumer, which share the bucket) long after
 * the stream trimmed it (here: its records were never on the stream at all), lands, and is moved
 * aside so a second run replays nothing.
 */
describe('replaying dead letters from the S3 on-failure destination', () => {
  let s3: S3Client;
  let bucket: string;
  let t: Tenant;
  const arnOf = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`;
  const consumers = { 'fieldpass-records': recordsConsumer, 'fieldpass-reactions': reactionsConsumer };
  /** The script's invoke: the function the batch failed in, and none other. */
  const consumer = (event: DynamoDBStreamEvent, batch: { functionArn?: string }) =>
    failingOnItemFailures(
      consumers[functionOfBatch(batch.functionArn, Object.keys(consumers)) as keyof typeof consumers],
    )(event);

  beforeAll(async () => {
    t = await newAccountWithAdmin('dead-letters');
    ({ s3, bucket } = await deadLetterBucket(inject('localEnv'), 'dead-letters'));
  });

  /** A job's title change as a MODIFY record with both images, never written to the table. */
  async function titleChange(title: string): Promise<{ jobId: string; record: DynamoDBRecord }> {
    const made = await send('POST', '/jobs', t.token, {
      title: 'Before',
      dueAt: daysFromNow(10),
      location: { text: 'Gate B' },
      ownerIds: [t.admin.id],
    });
    expect(made.status).toBe(201);
    const key = workItem('job', t.account.id, made.body.id);
    const { Item } = await dynamo.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: key }));
    const before = Item as Record<string, unknown>;
    const after = { ...before, title, version: (before.version as number) + 1, updatedAt: new Date().toISOString() };
    return {
      jobId: made.body.id,
      record: goneStreamRecord('MODIFY', key, { old: before, new: after }, '100000000000000000001'),
    };
  }

  /** The job trail's entries of a title change (the job was only created otherwise). */
  const titleChanges = async (jobId: string) => {
    const trail = await api(`/jobs/${jobId}/audit?limit=100`, { token: t.token });
    expect(trail.status).toBe(200);
    return (trail.body.items as { action: string; details?: { fields?: string[] } }[]).filter(
      (entry) => entry.action === 'item_changed' && entry.details?.fields?.includes('title'),
    ).length;
  };

  /** The object Lambda writes for a failed batch of a consumer's mapping (the records consumer's unless named). */
  const deadLetterObject = (records: DynamoDBRecord[], functionName = 'fieldpass-records') =>
    lambdaDeadLetter(records, { shardId: 'shardId-0001', approximateInvokeCount: 4, functionArn: arnOf(functionName) });

  it('hands a batch the stream no longer holds to the consumer, which audits it, and moves it aside', async () => {
    const { jobId, record } = await titleChange('Replayed months later');
    const key = `aws/lambda/mapping-1/shardId-0001/2026/09/01/2026-09-01T10.00.00-${randomUUID()}`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: deadLetterObject([record]) }));

    const outcome = await replayDeadLetters(s3, bucket, consumer);

    expect(outcome).toEqual({ replayed: [key], failed: [] });
    expect(await titleChanges(jobId)).toBe(1);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect((listed.Contents ?? []).map((object) => object.Key)).toEqual([`replayed/${key}`]);
    // A second run finds nothing left to replay.
    expect(await replayDeadLetters(s3, bucket, consumer)).toEqual({ replayed: [], failed: [] });
  });

  it('is idempotent: the same batch replayed again adds no second audit entry', async () => {
    const { jobId, record } = await titleChange('Replayed twice');
    const entries = () => titleChanges(jobId);
    for (const n of [1, 2]) {
      const key = `aws/lambda/mapping-1/shardId-0001/2026/09/0${n}/copy-${n}`;
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: deadLetterObject([record]) }));
      expect((await replayDeadLetters(s3, bucket, consumer, { key })).replayed).toEqual([key]);
    }
    expect(await entries()).toBe(1);
  });

  it('hands a batch only to the consumer it failed in, and keeps one that names another function', async () => {
    const { jobId, record } = await titleChange('Failed in the reactions consumer');
    const reactions = 'aws/lambda/mapping-2/shardId-0001/2026/09/05/reactions';
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: reactions, Body: deadLetterObject([record], 'fieldpass-reactions') }),
    );
    expect(await replayDeadLetters(s3, bucket, consumer, { key: reactions })).toEqual({
      replayed: [reactions],
      failed: [],
    });
    // The reactions consumer files no audit entry: the records consumer's mapping had it already.
    expect(await titleChanges(jobId)).toBe(0);

    const other = 'aws/lambda/mapping-3/shardId-0001/2026/09/05/other';
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: other, Body: deadLetterObject([record], 'someone-elses-function') }),
    );
    const outcome = await replayDeadLetters(s3, bucket, consumer, { key: other });
    expect(outcome.failed).toEqual([{ key: other, error: expect.stringContaining('someone-elses-function') }]);
    expect(await titleChanges(jobId)).toBe(0);
  });

  it('leaves a dead letter that is not a stream batch where it is, naming why', async () => {
    const key = 'aws/lambda/mapping-1/shardId-0001/2026/09/04/not-a-batch';
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify({ version: '1.0' }) }));

    const outcome = await replayDeadLetters(s3, bucket, consumer, { key });

    expect(outcome.replayed).toEqual([]);
    expect(outcome.failed).toEqual([{ key, error: expect.stringContaining('no payload with Records') }]);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'aws/' }));
    expect((listed.Contents ?? []).map((object) => object.Key)).toContain(key);
  });
});
