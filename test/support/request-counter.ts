import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Records every command a DynamoDB client sends, so tests can assert the request budget of an
 * operation (PERFORMANCE.md) deterministically. Names are DynamoDB operations: 'Query', 'Update', 'Get', 'TransactWrite' …
 */
export function countRequests(client: DynamoDBDocumentClient) {
  const sent: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      // Document-client and base-client names differ (UpdateCommand / UpdateItemCommand): keep the operation.
      sent.push(String(context.commandName).replace(/(Item)?Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: `requestCounter${Math.random()}` },
  );
  return {
    sent,
    reset: () => {
      sent.length = 0;
    },
  };
}
