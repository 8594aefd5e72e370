import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { tableDefinition } from '../../functions/shared/data/keys';
import { createTableInput, ensureTable } from '../../local/dynamodb-local';

const client = new DynamoDBClient({});

describe('the local table and the job list indexes', () => {
  it('adds an index the definition has and an existing local table lacks', async () => {
    const tableName = `older-${randomUUID()}`;
    const input = createTableInput(tableName);
    const indexes = input.GlobalSecondaryIndexes?.filter((index) => index.IndexName !== 'visibility') ?? [];
    const used = new Set(
      [...(input.KeySchema ?? []), ...indexes.flatMap((i) => i.KeySchema ?? [])].map((k) => k.AttributeName),
    );
    await client.send(
      new CreateTableCommand({
        ...input,
        AttributeDefinitions: input.AttributeDefinitions?.filter((a) => used.has(a.AttributeName)),
        GlobalSecondaryIndexes: indexes,
      }),
    );

    await ensureTable(client, tableName);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(
      tableDefinition.globalSecondaryIndexes.map((index) => index.indexName).sort(),
    );
  });
});
