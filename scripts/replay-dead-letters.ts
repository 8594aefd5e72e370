/**
 * Ops: hands the stream consumer's dead letters back to it, or with `--worker` the background
 * worker's to the worker, days or months after they failed. Run with the deployed Api stack's
 * outputs and AWS credentials:
 *
 *   STREAM_DEAD_LETTER_BUCKET=… STREAM_CONSUMER_FUNCTION=… AWS_REGION=… npm run -s replay-dead-letters [-- --key KEY]
 *   WORKER_DEAD_LETTER_BUCKET=… WORKER_FUNCTION=… AWS_REGION=… npm run -s replay-dead-letters -- --worker [--key KEY]
 *
 * Each dead letter is invoked on the deployed function (the same code and role as the stream's
 * invocations) and, once it succeeds, moved under `replayed/`. See docs/operations.md.
 */
import { parseArgs } from 'node:util';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { replayDeadLetters } from './dead-letters';

const { values } = parseArgs({
  options: { key: { type: 'string' }, worker: { type: 'boolean', default: false } },
  strict: true,
});
// The two stream readers keep their dead letters alike (an S3 on-failure destination each).
const [bucketVariable, functionVariable] = values.worker
  ? ['WORKER_DEAD_LETTER_BUCKET', 'WORKER_FUNCTION']
  : ['STREAM_DEAD_LETTER_BUCKET', 'STREAM_CONSUMER_FUNCTION'];
const bucket = process.env[bucketVariable];
const functionName = process.env[functionVariable];
if (!bucket || !functionName) {
  console.error(`Set ${bucketVariable} and ${functionVariable} (the Api stack outputs).`);
  process.exit(2);
}
const lambda = new LambdaClient({});
const outcome = await replayDeadLetters(
  new S3Client({}),
  bucket,
  async (event) => {
    const answer = await lambda.send(
      new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify(event)) }),
    );
    const body = answer.Payload ? new TextDecoder().decode(answer.Payload) : '';
    if (answer.FunctionError) throw new Error(`the function failed: ${body}`);
    const failures = (JSON.parse(body || '{}') as { batchItemFailures?: unknown[] }).batchItemFailures ?? [];
    if (failures.length > 0) throw new Error(`the function failed ${failures.length} record(s) again`);
  },
  values.key ? { key: values.key } : {},
);
console.log(JSON.stringify(outcome, null, 2));
process.exit(outcome.failed.length > 0 ? 1 : 0);
