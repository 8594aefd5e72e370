/**
 * Ops: hands the stream consumers' dead letters back to the consumer each failed in (the records
 * consumer or the reactions consumer, by the function its on-failure record names), with `--worker` the
 * background worker's to the worker, days or months after they failed, and with `--ses-events` the SES events
 * the deliverability function failed on (within the queue's 14 days). Run with the deployed Api
 * stack's outputs and AWS credentials:
 *
 *   STREAM_DEAD_LETTER_BUCKET=… RECORDS_CONSUMER_FUNCTION=… REACTIONS_CONSUMER_FUNCTION=… AWS_REGION=… npm run -s replay-dead-letters [-- --key KEY]
 *   WORKER_DEAD_LETTER_QUEUE_ARN=… AWS_REGION=… npm run -s replay-dead-letters -- --worker
 *   SES_EVENTS_DEAD_LETTER_QUEUE_URL=… SES_EVENTS_FUNCTION=… AWS_REGION=… npm run -s replay-dead-letters -- --ses-events
 *
 * Each dead letter is invoked on the deployed function (the same code and role as the stream's or
 * the rule's invocations) and, once it succeeds, moved under `replayed/` (a stream batch) or
 * deleted from the queue (an SES event). The worker's dead letters are SQS messages: `--worker`
 * has SQS move them back to the worker's queue (StartMessageMoveTask), where the worker receives
 * them as it did the first time. See docs/operations.md.
 */
import { parseArgs } from 'node:util';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { functionOfBatch, replayDeadLetters } from './dead-letters';
import { replaySesEventDeadLetters, sqsEventQueue } from './ses-event-dead-letters';
import { redriveWorkerDeadLetters } from './worker-dead-letters';

const { values } = parseArgs({
  options: {
    key: { type: 'string' },
    worker: { type: 'boolean', default: false },
    'ses-events': { type: 'boolean', default: false },
  },
  strict: true,
});
const lambda = new LambdaClient({});

/** Invokes `functionName` with `event` and waits; throws when the function failed. */
async function invoke(functionName: string, event: unknown): Promise<string> {
  const answer = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify(event)) }),
  );
  const body = answer.Payload ? new TextDecoder().decode(answer.Payload) : '';
  if (answer.FunctionError) throw new Error(`the function failed: ${body}`);
  return body;
}

if (values['ses-events']) {
  const queueUrl = process.env.SES_EVENTS_DEAD_LETTER_QUEUE_URL;
  const functionName = process.env.SES_EVENTS_FUNCTION;
  if (!queueUrl || !functionName) {
    console.error('Set SES_EVENTS_DEAD_LETTER_QUEUE_URL and SES_EVENTS_FUNCTION (the Api stack outputs).');
    process.exit(2);
  }
  const outcome = await replaySesEventDeadLetters(sqsEventQueue(new SQSClient({}), queueUrl), async (event) => {
    await invoke(functionName, event);
  });
  console.log(JSON.stringify(outcome, null, 2));
  process.exit(outcome.failed.length > 0 ? 1 : 0);
}

if (values.worker) {
  const deadLetterQueueArn = process.env.WORKER_DEAD_LETTER_QUEUE_ARN;
  if (!deadLetterQueueArn) {
    console.error('Set WORKER_DEAD_LETTER_QUEUE_ARN (the Api stack output WorkerDeadLetterQueueArn).');
    process.exit(2);
  }
  console.log(JSON.stringify(await redriveWorkerDeadLetters(new SQSClient({}), deadLetterQueueArn), null, 2));
  process.exit(0);
}

// The two stream consumers share one S3 on-failure destination; each batch goes back to the
// function it failed in.
const variables = ['STREAM_DEAD_LETTER_BUCKET', 'RECORDS_CONSUMER_FUNCTION', 'REACTIONS_CONSUMER_FUNCTION'];
const [bucket, ...functionNames] = variables.map((name) => process.env[name] ?? '');
if (!bucket || functionNames.some((name) => !name)) {
  console.error(`Set ${variables.join(', ')} (the Api stack outputs).`);
  process.exit(2);
}
const outcome = await replayDeadLetters(
  new S3Client({}),
  bucket,
  async (event, { functionArn }) => {
    const functionName = functionOfBatch(functionArn, functionNames);
    const body = await invoke(functionName, event);
    const failures = (JSON.parse(body || '{}') as { batchItemFailures?: unknown[] }).batchItemFailures ?? [];
    if (failures.length > 0) throw new Error(`the function failed ${failures.length} record(s) again`);
  },
  values.key ? { key: values.key } : {},
);
console.log(JSON.stringify(outcome, null, 2));
process.exit(outcome.failed.length > 0 ? 1 : 0);
