import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { handler as auditConsumer } from '../../functions/streams/audit-consumer.handler';
import { handler as restConsumer } from '../../functions/streams/stream-consumer.handler';

/**
 * Hands a batch to both stream consumers, as their two mappings would each deliver the records of
 * its interest (each consumer acts only on those, so handing it the others changes nothing): for
 * records the local stream never carries (TTL expiries, replays of a record already processed).
 * The answer is both consumers' item failures, the audit consumer's first.
 */
export async function handToStreamConsumers(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const audit = await auditConsumer.run(event);
  const rest = await restConsumer.run(event);
  return { batchItemFailures: [...audit.batchItemFailures, ...rest.batchItemFailures] };
}
