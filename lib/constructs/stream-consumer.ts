import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { FilterCriteria, type IEventSourceDlq, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { eventFilterPatterns } from '../../functions/streams/stream-interest';
import { streamConsumerSettings } from '../stream-consumer-settings';
import { grantAttachmentObjects } from './attachment-grants';
import { attachmentsBucketName } from './attachments-bucket';
import { FieldPassFunction, type FieldPassFunctionProps } from './fieldpass-function';
import { privateBucketProps } from './private-bucket';
import { grantSendEmailFrom } from './ses-grants';
import { grantItemReadWrite } from './table-grants';

/** The request-metrics configuration of the dead-letter bucket, which its alarm reads. */
export const deadLetterMetricsId = 'DeadLetters';

/**
 * The S3 on-failure destination with only what Lambda needs to write it (PutObject on its objects,
 * ListBucket on it), where the CDK's `S3OnFailureDestination` grants read and write of the whole
 * bucket. The object key is Lambda's (`aws/lambda/<mapping>/<shard>/<date>/…`), so the object
 * wildcard is acknowledged by its exact text.
 */
export function onFailureToBucket(bucket: s3.Bucket): IEventSourceDlq {
  return {
    bind(_mapping, handler) {
      Grant.addToPrincipal({ grantee: handler, actions: ['s3:PutObject'], resourceArns: [bucket.arnForObjects('*')] });
      Grant.addToPrincipal({ grantee: handler, actions: ['s3:ListBucket'], resourceArns: [bucket.bucketArn] });
      const policy = handler.role?.node.tryFindChild('DefaultPolicy');
      if (policy) {
        Validations.of(policy).acknowledge({
          id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(bucket).getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
          reason:
            "Lambda names each failed batch's object at run time (mapping, shard, date): the grant is PutObject on this one bucket's objects only.",
        });
      }
      return { destination: bucket.bucketArn };
    },
  };
}

/** Props of {@link StreamConsumer}. */
export interface StreamConsumerProps {
  /** The consumer's handler module, relative to the repository root. */
  readonly entry: string;
  /** The table whose stream is consumed. */
  readonly table: ITableV2;
  /** The stage, which names the attachments bucket whose abandoned uploads the consumer deletes. */
  readonly stage: string;
  /** The SES-verified address the consumer's e-mails (assignment links) come from. */
  readonly senderEmail: string;
  /** The SES configuration set its e-mails are sent in (bounce and complaint events). */
  readonly configurationSetName: string;
  /** The portal's URL, which e-mailed links point to (never taken from a request, R8). */
  readonly portalUrl: string;
  /** The staff web client, which owner notifications link to. */
  readonly staffUrl: string;
  /** Notified when a batch is dead-lettered; no alarm action when absent. */
  readonly alarmTopic?: ITopic;
  /** Log settings shared by every function. */
  readonly functionLogs: Pick<FieldPassFunctionProps, 'logRetention' | 'logRemovalPolicy'>;
  /**
   * Keep the dead-letter bucket (and what it holds) when the stack is deleted.
   * @default false
   */
  readonly retainDeadLetters?: boolean;
}

/**
 * The DynamoDB Streams consumer (audit trail, e-mails, notifications), invoked only for the records
 * its processors act on (an event filter): partial batch failures,
 * bisect on error, finite retries and record age so one bad record cannot block its shard (R21,
 * R22), per-item order (R20), and an S3 on-failure destination that keeps each failed batch whole
 * (both images of every change, so it can be replayed long after the stream's 24 hours) with an
 * alarm (R23). The numbers
 * come from `streamConsumerSettings`, which the local event-source mapping honours too.
 */
export class StreamConsumer extends Construct {
  readonly handler: FieldPassFunction;
  /**
   * Where batches that exhausted their retries or aged out are kept, one object each: Lambda's
   * on-failure record with the whole invocation event (`payload`), which
   * `npm run replay-dead-letters` hands to the consumer again.
   */
  readonly deadLetters: s3.Bucket;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: StreamConsumerProps) {
    super(scope, id);
    const settings = streamConsumerSettings;

    this.deadLetters = new s3.Bucket(this, 'DeadLetters', {
      ...privateBucketProps,
      // A year to notice, fix and replay; then they go.
      lifecycleRules: [{ expiration: Duration.days(365) }],
      // Request metrics of the whole bucket: the alarm counts the objects Lambda puts.
      metrics: [{ id: deadLetterMetricsId }],
      removalPolicy: props.retainDeadLetters ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        "Only Lambda's event-source mapping writes this bucket (one object per failed stream batch) and only operators read it; its request metrics feed the dead-letter alarm, and CloudTrail records its management events. A second bucket of access logs would log almost nothing.",
    });

    this.handler = new FieldPassFunction(this, 'Handler', {
      entry: props.entry,
      description: 'DynamoDB Streams consumer: audit trail, e-mails, notifications',
      // A batch holds up to 100 records, and later processors send e-mails (one SES call each):
      // a minute covers that with room, while a hung batch still fails fast enough to be retried.
      timeout: Duration.seconds(60),
      environment: {
        TABLE_NAME: props.table.tableName,
        SENDER_EMAIL: props.senderEmail,
        SES_CONFIGURATION_SET: props.configurationSetName,
        PORTAL_URL: props.portalUrl,
        STAFF_URL: props.staffUrl,
        ATTACHMENTS_BUCKET: attachmentsBucketName(props.stage),
      },
      ...props.functionLogs,
    });
    // Processors read records and write link records, delivery outcomes and (later) audit entries.
    grantItemReadWrite(props.table, this.handler.fn);
    // Assignment links go out from the configured sender, and only from it.
    grantSendEmailFrom(this.handler.fn, props.senderEmail, props.configurationSetName);
    // Files of uploads never confirmed are deleted when their pending record expires.
    grantAttachmentObjects(this.handler.fn, props.stage, 'cleanup');

    // Only the records a processor acts on (functions/streams/stream-interest.ts): the audit
    // entries the consumer writes, completion notices, links and the like are dropped before an
    // invocation, and are not billed. TTL deletions of the named entities still arrive (R24).
    addStreamMapping(this.handler.fn, props.table, settings, this.deadLetters, eventFilterPatterns());

    this.deadLetterAlarm = deadLetterAlarm(
      this,
      this.deadLetters,
      'Stream records were dead-lettered: the consumer failed them after every retry. Find the batch in the dead-letter bucket, fix, replay (docs/operations.md).',
      props.alarmTopic,
    );
  }
}

/** How a stream mapping reads and retries (lib/stream-consumer-settings.ts). */
export interface StreamMappingSettings {
  batchSize: number;
  bisectBatchOnError: boolean;
  retryAttempts: number;
  maxRecordAgeSeconds: number;
  reportBatchItemFailures: boolean;
  parallelizationFactor: number;
}

/**
 * A stream mapping of `fn` on `table` (from the oldest record the stream holds, so writes made
 * while the stateless stack was redeployed are still processed), failed batches kept whole in
 * `deadLetters`, and only the records matching `patterns` invoking it.
 */
export function addStreamMapping(
  fn: lambda.IFunction,
  table: ITableV2,
  settings: StreamMappingSettings,
  deadLetters: s3.Bucket,
  patterns: readonly Record<string, unknown>[],
): void {
  fn.addEventSource(
    new DynamoEventSource(table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: settings.batchSize,
      bisectBatchOnError: settings.bisectBatchOnError,
      retryAttempts: settings.retryAttempts,
      maxRecordAge: Duration.seconds(settings.maxRecordAgeSeconds),
      reportBatchItemFailures: settings.reportBatchItemFailures,
      parallelizationFactor: settings.parallelizationFactor,
      onFailure: onFailureToBucket(deadLetters),
      filters: patterns.map((pattern) => FilterCriteria.filter(pattern)),
    }),
  );
}

/** The alarm on a dead-letter bucket: any batch Lambda writes there (its PutRequests request metric), to `topic` when given. */
export function deadLetterAlarm(
  scope: Construct,
  bucket: s3.Bucket,
  description: string,
  topic: ITopic | undefined,
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, 'DeadLettersAlarm', {
    alarmDescription: description,
    metric: new cloudwatch.Metric({
      namespace: 'AWS/S3',
      metricName: 'PutRequests',
      dimensionsMap: { BucketName: bucket.bucketName, FilterId: deadLetterMetricsId },
      period: Duration.minutes(1),
      statistic: cloudwatch.Stats.SUM,
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  if (topic) alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}
