import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { handler as reactionsConsumer } from '../../functions/streams/reactions-consumer.handler';
import { handler as recordsConsumer } from '../../functions/streams/records-consumer.handler';

/**
 * Hands a batch to both stream consumers, as their two mappings would each deliver the records of
 * its filter (each consumer acts only on those, so handing it the others changes nothing): for
 * records the local stream never carries (TTL expiries, replays of a record already processed).
 * The answer is both consumers' item failures, the records consumer's first.
 */
export async function handToStreamConsumers(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const records = await recordsConsumer.run(event);
  const reactions = await reactionsConsumer.run(event);
  return { batchItemFailures: [...records.batchItemFailures, ...reactions.batchItemFailures] };
}
