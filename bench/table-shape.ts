import { App, Stack } from 'aws-cdk-lib';
import { DataTable } from '../lib/constructs/data-table';
import type { IndexShape, TableShape } from './capacity';

interface KeySchemaElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}
interface TemplateIndex {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: { ProjectionType?: IndexShape['projection']; NonKeyAttributes?: string[] };
}

const keyNamed = (schema: KeySchemaElement[], type: KeySchemaElement['KeyType']) => {
  const name = schema.find((k) => k.KeyType === type)?.AttributeName;
  if (!name) throw new Error(`key schema without ${type}: ${JSON.stringify(schema)}`);
  return name;
};

/**
 * The table as CDK deploys it: the DataTable construct of lib/ synthesised on its own, read back
 * from the CloudFormation template (key schema, and each index with its projection), so the bench
 * bills index writes by what AWS would hold, whatever DynamoDB Local was created with.
 */
export function deployedTableShape(): TableShape {
  const app = new App();
  const stack = new Stack(app, 'BenchTableShape');
  new DataTable(stack, 'Data');
  const template = app.synth().getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  const tables = Object.values(template.Resources).filter((r) => r.Type.startsWith('AWS::DynamoDB::'));
  if (tables.length !== 1) throw new Error(`expected one DynamoDB table in DataTable, found ${tables.length}`);
  const properties = tables[0]?.Properties as {
    KeySchema: KeySchemaElement[];
    GlobalSecondaryIndexes?: TemplateIndex[];
  };
  return {
    partitionKey: keyNamed(properties.KeySchema, 'HASH'),
    sortKey: keyNamed(properties.KeySchema, 'RANGE'),
    indexes: (properties.GlobalSecondaryIndexes ?? []).map((index) => ({
      name: index.IndexName,
      partitionKey: keyNamed(index.KeySchema, 'HASH'),
      sortKey: keyNamed(index.KeySchema, 'RANGE'),
      projection: index.Projection.ProjectionType ?? 'ALL',
      ...(index.Projection.NonKeyAttributes ? { nonKeyAttributes: index.Projection.NonKeyAttributes } : {}),
    })),
  };
}
