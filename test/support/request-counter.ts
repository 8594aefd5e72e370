import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Records every command a DynamoDB client sends, so tests can assert the request budget of an
 * operation (docs/performance.md) deterministically. Names are DynamoDB operations: 'Query', 'Update',
 * 'Get', 'TransactWrite' … For Queries it also adds up the items read (ScannedCount) and returned
 * (Count), so a test can assert that a list reads only what it returns.
 */
export function countRequests(client: DynamoDBDocumentClient) {
  const sent: string[] = [];
  const queried = { read: 0, returned: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      // Document-client and base-client names differ (UpdateCommand / UpdateItemCommand): keep the operation.
      const name = String(context.commandName).replace(/(Item)?Command$/, '');
      sent.push(name);
      const result = await next(args);
      if (name === 'Query') {
        const output = result.output as { ScannedCount?: number; Count?: number };
        queried.read += output.ScannedCount ?? 0;
        queried.returned += output.Count ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: `requestCounter${Math.random()}` },
  );
  return {
    sent,
    queried,
    reset: () => {
      sent.length = 0;
      queried.read = 0;
      queried.returned = 0;
    },
  };
}
