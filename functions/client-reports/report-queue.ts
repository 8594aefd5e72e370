import { awsError, awsService, sendSigned } from '#shared/aws-request';
import type { ReportChunk } from './client-report-service';

/*
 * The hourly run's chunks as SQS messages (SendMessageBatch, SQS's JSON protocol), signed like the
 * other hand-sent AWS requests (shared/aws-request.ts) instead of bundling the SQS client.
 */

const sqs = awsService('sqs', 'AWS_ENDPOINT_URL_SQS', 'sqs');

function sqsError(status: number, text: string) {
  let body: { __type?: unknown; message?: unknown } = {};
  try {
    body = JSON.parse(text) ?? {};
  } catch {
    // Not JSON: the status names it.
  }
  const name =
    String(body.__type ?? '')
      .split('#')
      .pop() || (status >= 500 ? 'ServiceUnavailable' : `Http${status}`);
  return awsError(name, typeof body.message === 'string' ? body.message : `SQS answered HTTP ${status}`, status);
}

/**
 * Sends each chunk as one message to `queueUrl`, ten a request (SQS's batch limit). A message SQS
 * did not take fails the run, which EventBridge runs again: the chunks sent already are sent again,
 * and their claims make that send nothing twice.
 */
export function sqsChunkSender(queueUrl: string): (chunks: ReportChunk[]) => Promise<void> {
  return async (chunks) => {
    for (let i = 0; i < chunks.length; i += 10) {
      const entries = chunks
        .slice(i, i + 10)
        .map((chunk, n) => ({ Id: String(n), MessageBody: JSON.stringify(chunk) }));
      const answer = await sendSigned(sqs, {
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessageBatch' },
        body: JSON.stringify({ QueueUrl: queueUrl, Entries: entries }),
        errorOf: sqsError,
      });
      const failed = (JSON.parse(answer || '{}') as { Failed?: unknown[] }).Failed ?? [];
      if (failed.length > 0) throw new Error(`SQS did not take ${failed.length} of ${entries.length} report chunks`);
    }
  };
}
