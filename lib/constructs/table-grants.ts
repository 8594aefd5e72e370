import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { tableDefinition } from '../../functions/shared/data/keys';

/**
 * Item reads FieldPass makes: GetItem, BatchGetItem, Query, and the condition checks inside
 * TransactWriteItems. No Scan: no request path may scan (CONVENTIONS.md), and IAM now enforces it.
 */
export const itemReadActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
] as const;

/** Item writes, single and batched; TransactWriteItems is authorised by these per item. */
export const itemWriteActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

/**
 * The table and each index by name (from `tableDefinition`) instead of the `index/*` wildcard
 * that `grantReadData` uses, so a grant never covers an index the data layer does not know.
 */
function tableResources(table: ITableV2): string[] {
  return [
    table.tableArn,
    ...tableDefinition.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
  ];
}

/** Lets `grantee` read items of the single table and query its indexes. */
export function grantItemRead(table: ITableV2, grantee: IGrantable): Grant {
  return Grant.addToPrincipal({ grantee, actions: [...itemReadActions], resourceArns: tableResources(table) });
}

/** Lets `grantee` read and write items of the single table and query its indexes. */
export function grantItemReadWrite(table: ITableV2, grantee: IGrantable): Grant {
  return Grant.addToPrincipal({
    grantee,
    actions: [...itemReadActions, ...itemWriteActions],
    resourceArns: tableResources(table),
  });
}

/** Lets `grantee` put items (beside its reads): for a GET that records a view. */
export function grantItemPut(table: ITableV2, grantee: IGrantable): Grant {
  return Grant.addToPrincipal({ grantee, actions: ['dynamodb:PutItem'], resourceArns: [table.tableArn] });
}

/** Lets `grantee` update items of the single table and nothing else: a trigger that notes one fact. */
export function grantItemUpdate(table: ITableV2, grantee: IGrantable): Grant {
  return Grant.addToPrincipal({ grantee, actions: ['dynamodb:UpdateItem'], resourceArns: [table.tableArn] });
}
