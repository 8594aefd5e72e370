import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { inject } from 'vitest';

// What the replay tests of the S3 on-failure destinations (test/e2e/dead-letter-replay.test.ts,
// test/e2e/worker-dead-letter-replay.test.ts) share: a bucket of their own on the local S3
// stand-in, the stream record a dead letter keeps, and the object Lambda writes for a failed batch.

/** A new bucket named `<name>-<random>` on the local S3 stand-in, and a client of it. */
export async function deadLetterBucket(
  env: ReturnType<typeof inject<'localEnv'>>,
  name: string,
): Promise<{ s3: S3Client; bucket: string }> {
  const s3 = new S3Client({
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL_S3,
    forcePathStyle: true,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID as string, secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string },
  });
  const bucket = `${name}-${randomUUID().slice(0, 8)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return { s3, bucket };
}

/**
 * A stream record of the item at `key` from a stream long gone (its records never were on the
 * local stream), with the images given.
 */
export function goneStreamRecord(
  eventName: 'INSERT' | 'MODIFY',
  key: object,
  images: { old?: Record<string, unknown>; new: Record<string, unknown> },
  sequenceNumber: string,
): DynamoDBRecord {
  return {
    eventID: randomUUID(),
    eventName,
    eventSource: 'aws:dynamodb',
    eventSourceARN: 'arn:aws:dynamodb:eu-west-1:000000000000:table/gone/stream/2026-01-01T00:00:00.000',
    dynamodb: {
      Keys: marshall(key as Record<string, unknown>) as never,
      ...(images.old ? { OldImage: marshall(images.old, { removeUndefinedValues: true }) as never } : {}),
      NewImage: marshall(images.new, { removeUndefinedValues: true }) as never,
      SequenceNumber: sequenceNumber,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** The object Lambda writes for a failed batch: its on-failure record with the event in `payload`. */
export const deadLetterObject = (
  records: DynamoDBRecord[],
  batch: { shardId: string; approximateInvokeCount: number; functionArn?: string },
) =>
  JSON.stringify({
    requestContext: {
      requestId: randomUUID(),
      ...(batch.functionArn ? { functionArn: batch.functionArn } : {}),
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: batch.approximateInvokeCount,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: '2026-09-01T10:00:00.000Z',
    DDBStreamBatchInfo: { shardId: batch.shardId, batchSize: records.length },
    payload: JSON.stringify({ Records: records }),
  });

/**
 * The replay's `invoke` of a stream handler's middy-wrapped function (`run`): a batch with any
 * item failure counts as failed again, as Lambda would retry it.
 */
export const failingOnItemFailures =
  (handler: { run: (event: DynamoDBStreamEvent) => Promise<unknown> }) => async (event: DynamoDBStreamEvent) => {
    const result = (await handler.run(event)) as { batchItemFailures: unknown[] };
    if (result.batchItemFailures.length > 0) throw new Error('failed again');
  };
