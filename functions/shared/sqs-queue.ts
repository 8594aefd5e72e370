import { awsService, jsonError, sendSigned } from './aws-request';

/*
 * Messages to an SQS queue (SendMessageBatch, SQS's JSON protocol), signed like the other
 * hand-sent AWS requests (aws-request.ts) instead of bundling the SQS client: the client report
 * run's chunks, and the stream's background work handed to the worker.
 */

const sqs = awsService('sqs', 'AWS_ENDPOINT_URL_SQS', 'sqs');

/** SQS's most messages in one SendMessageBatch. */
export const sqsBatchLimit = 10;

/**
 * Sends each body as one message to `queueUrl`, in order, ten a request (SQS's batch limit).
 * A refused request, or a message SQS did not take, throws: the caller's run fails and is tried
 * again, and the messages sent already are sent again (their receivers must be idempotent).
 */
export async function sendMessages(queueUrl: string, bodies: readonly string[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += sqsBatchLimit) {
    const entries = bodies.slice(i, i + sqsBatchLimit).map((body, n) => ({ Id: String(n), MessageBody: body }));
    const answer = await sendSigned(sqs, {
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessageBatch' },
      body: JSON.stringify({ QueueUrl: queueUrl, Entries: entries }),
      errorOf: jsonError,
    });
    const failed = (JSON.parse(answer || '{}') as { Failed?: unknown[] }).Failed ?? [];
    if (failed.length > 0) throw new Error(`SQS did not take ${failed.length} of ${entries.length} messages`);
  }
}
