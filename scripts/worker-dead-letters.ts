import { type SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';

/**
 * Redrives the background worker's dead letters (ops: `npm run replay-dead-letters -- --worker`):
 * SQS moves every message of the dead-letter queue back to the queue it came from (the worker's
 * queue, StartMessageMoveTask without a destination), where the worker receives each as it did
 * the first time, with fresh receives. Its processors are idempotent: a message whose export or
 * import has moved on since does nothing. Answers the move task's handle (ListMessageMoveTasks
 * follows it).
 */
export async function redriveWorkerDeadLetters(
  sqs: SQSClient,
  deadLetterQueueArn: string,
): Promise<{ taskHandle: string | undefined }> {
  const answer = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: deadLetterQueueArn }));
  return { taskHandle: answer.TaskHandle };
}
