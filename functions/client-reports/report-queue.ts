import { sendMessages } from '#shared/sqs-queue';
import type { ReportChunk } from './client-report-service';

/**
 * The hourly run's chunks as SQS messages, one each (`shared/sqs-queue.ts`, ten a request). A
 * message SQS did not take fails the run, which EventBridge runs again: the chunks sent already
 * are sent again, and their claims make that send nothing twice.
 */
export function sqsChunkSender(queueUrl: string): (chunks: ReportChunk[]) => Promise<void> {
  return (chunks) =>
    sendMessages(
      queueUrl,
      chunks.map((chunk) => JSON.stringify(chunk)),
    );
}
