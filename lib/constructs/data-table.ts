import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { indexProjections, tableDefinition } from '../../functions/shared/data/keys';

/** Props of {@link DataTable}. */
export interface DataTableProps {
  /**
   * Keep the table when its stack is deleted and refuse deletion through the API.
   * @default false
   */
  readonly protect?: boolean;
}

const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

/**
 * FieldPass's single table, shaped by `tableDefinition` (functions/shared/data/keys.ts), the same
 * definition the local stack creates DynamoDB Local's table from: keys, indexes, TTL and stream
 * cannot differ between AWS and this machine.
 */
export class DataTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: DataTableProps = {}) {
    super(scope, id);
    const protect = props.protect ?? false;

    this.table = new TableV2(this, 'Table', {
      partitionKey: stringKey(tableDefinition.partitionKey),
      sortKey: stringKey(tableDefinition.sortKey),
      globalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        // Every list index answers a page of whole items in one Query, with no follow-up GetItem;
        // the feed's `changes` index projects its columns only (docs/data-model.md, FEED-4).
        ...(indexProjections[index.indexName]
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...(indexProjections[index.indexName] ?? [])] }
          : { projectionType: ProjectionType.ALL }),
      })),
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      dynamoStream: StreamViewType[tableDefinition.streamViewType],
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: protect,
      removalPolicy: protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
}
