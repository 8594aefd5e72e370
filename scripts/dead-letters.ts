import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { DynamoDBStreamEvent } from 'aws-lambda';

/**
 * Replaying the stream consumers' (the records consumer's and the reactions consumer's, one bucket) or the background
 * worker's dead letters from their S3 on-failure destinations (ops: `npm run replay-dead-letters`,
 * `-- --worker` for the worker's). Lambda keeps each failed batch as one object under `aws/lambda/`: its
 * on-failure record, with the whole invocation event as JSON text in `payload` (both images of
 * each change), so a replay needs nothing from the stream, however long ago the batch failed.
 */

/** Where a replayed object is moved, so a second run does not hand it over again. */
export const replayedPrefix = 'replayed/';

/** What a dead letter keeps: the invocation event, and the function it failed in (its ARN). */
export function deadLetterOf(text: string): { event: DynamoDBStreamEvent; functionArn?: string } {
  const record = JSON.parse(text) as { payload?: unknown; requestContext?: { functionArn?: unknown } };
  const payload = typeof record.payload === 'string' ? JSON.parse(record.payload) : record.payload;
  const records = (payload as { Records?: unknown } | undefined)?.Records;
  if (!Array.isArray(records) || records.length === 0) {
    throw new Error('not a stream batch: no payload with Records (a dead letter from before the S3 destination?)');
  }
  const functionArn = record.requestContext?.functionArn;
  return {
    event: { Records: records } as DynamoDBStreamEvent,
    ...(typeof functionArn === 'string' ? { functionArn } : {}),
  };
}

/**
 * Which of `functionNames` a dead letter's batch belongs to, by the function its on-failure record
 * names (`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`): the stream consumers
 * share one bucket, so a batch goes back to the consumer it failed in, and to no other function.
 */
export function functionOfBatch(functionArn: string | undefined, functionNames: readonly string[]): string {
  const name = functionArn?.split(':')[6];
  const found = functionNames.find((candidate) => candidate === name || candidate === functionArn);
  if (!found) {
    throw new Error(
      `the batch failed in ${functionArn ?? 'an unnamed function'}, which is none of ${functionNames.join(', ')}`,
    );
  }
  return found;
}

export interface ReplayOutcome {
  replayed: string[];
  failed: { key: string; error: string }[];
}

/**
 * Hands each dead letter in `bucket` (or only `key`) to `invoke` once, oldest first, with the
 * function it failed in, and moves each one that `invoke` accepted under `replayed/`; one that
 * fails again stays where it is. The consumers are idempotent, so replaying a batch twice changes
 * nothing more.
 */
export async function replayDeadLetters(
  s3: S3Client,
  bucket: string,
  /** Hands the batch to the function it failed in (`functionArn`, from its on-failure record). */
  invoke: (event: DynamoDBStreamEvent, batch: { functionArn?: string }) => Promise<void>,
  options: { key?: string } = {},
): Promise<ReplayOutcome> {
  const keys: string[] = [];
  if (options.key) keys.push(options.key);
  else {
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        if (object.Key && !object.Key.startsWith(replayedPrefix)) keys.push(object.Key);
      }
      token = page.NextContinuationToken;
    } while (token);
    // Lambda's keys carry the date and time after the shard: sorting them orders each shard's batches.
    keys.sort();
  }
  const outcome: ReplayOutcome = { replayed: [], failed: [] };
  for (const key of keys) {
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const { event, functionArn } = deadLetterOf(
        await (object.Body?.transformToString('utf8') ?? Promise.resolve('')),
      );
      await invoke(event, functionArn ? { functionArn } : {});
      await s3.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: `${replayedPrefix}${key}`,
          CopySource: `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`,
        }),
      );
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      outcome.replayed.push(key);
    } catch (error) {
      outcome.failed.push({ key, error: (error as Error).message });
    }
  }
  return outcome;
}
