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
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { reactionsFilterPatterns, recordsFilterPatterns } from '../../functions/streams/stream-interest';
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
  /** The records consumer's handler module (audit trail, feed log, background work), relative to the repository root. */
  readonly recordsEntry: string;
  /** The reactions consumer's handler module (e-mails, owner names, access, derived rows, clean-up). */
  readonly reactionsEntry: string;
  /** The table whose stream is consumed. */
  readonly table: ITableV2;
  /** The background worker's queue, to which the records consumer sends background work (and sends nothing else). */
  readonly workerQueue: IQueue;
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
 * The DynamoDB Streams consumers: the table stream's two readers (DynamoDB Streams throttles a
 * third), two functions with a mapping each (decision 0003): the records consumer (the audit
 * trail, the feed log, background work handed to the worker's queue) and the reactions consumer
 * (e-mails, owner names, access, derived rows, clean-up), each invoked only for the records it
 * acts on (an event filter of its own): partial batch failures, bisect on error, finite retries
 * and record age so one bad record cannot block its shard (R21, R22), per-item order (R20), and
 * one S3 on-failure destination for both that keeps each failed batch whole (both images of every
 * change, so it can be replayed long after the stream's 24 hours, and the function it failed in)
 * with an alarm (R23). The numbers come from `streamConsumerSettings`, which the local
 * event-source mappings honour too.
 */
export class StreamConsumer extends Construct {
  /** The records consumer: the audit trail, the feed log, background work to the worker's queue. */
  readonly recordsHandler: FieldPassFunction;
  /** The reactions consumer: e-mails, owner names, access, derived rows, clean-up, strictly in stream order. */
  readonly reactionsHandler: FieldPassFunction;
  /**
   * Where batches that exhausted their retries or aged out are kept, one object each, for both
   * mappings: Lambda's on-failure record with the whole invocation event (`payload`) and the
   * function it failed in (`requestContext.functionArn`), which `npm run replay-dead-letters`
   * hands that function again.
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
        "Only Lambda's event-source mappings write this bucket (one object per failed stream batch) and only operators read it; its request metrics feed the dead-letter alarm, and CloudTrail records its management events. A second bucket of access logs would log almost nothing.",
    });

    this.recordsHandler = new FieldPassFunction(this, 'RecordsHandler', {
      entry: props.recordsEntry,
      description: 'DynamoDB Streams records consumer: audit trail, feed log, background work to the worker queue',
      // A batch of up to 100 records is at most 4 BatchWriteItem requests in parallel, its feed log
      // writes in order and 10 SendMessageBatch requests; the minute is for retries under throttling.
      timeout: Duration.seconds(60),
      environment: { TABLE_NAME: props.table.tableName, WORKER_QUEUE_URL: props.workerQueue.queueUrl },
      ...props.functionLogs,
    });
    // Reads the terms and the items the feed log follows; writes audit entries and feed log entries.
    grantItemReadWrite(props.table, this.recordsHandler.fn);
    // Background work to the worker's queue: SendMessage (SendMessageBatch's permission), that queue only.
    Grant.addToPrincipal({
      grantee: this.recordsHandler.fn,
      actions: ['sqs:SendMessage'],
      resourceArns: [props.workerQueue.queueArn],
    });

    this.reactionsHandler = new FieldPassFunction(this, 'ReactionsHandler', {
      entry: props.reactionsEntry,
      description: 'DynamoDB Streams reactions consumer: e-mails, owner names, access, derived rows, clean-up',
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
    // Processors read records and write link records, delivery outcomes and derived rows.
    grantItemReadWrite(props.table, this.reactionsHandler.fn);
    // Assignment links go out from the configured sender, and only from it.
    grantSendEmailFrom(this.reactionsHandler.fn, props.senderEmail, props.configurationSetName);
    // Files of uploads never confirmed are deleted when their pending record expires.
    grantAttachmentObjects(this.reactionsHandler.fn, props.stage, 'cleanup');

    // Each consumer only the records it acts on (functions/streams/stream-interest.ts): the audit
    // entries, completion notices, links and the like are dropped before an invocation, and are
    // not billed. TTL deletions of the named entities still arrive (R24). Both mappings keep their
    // failed batches in the one bucket, each object naming its function.
    addStreamMapping(this.recordsHandler.fn, props.table, settings, this.deadLetters, recordsFilterPatterns());
    addStreamMapping(this.reactionsHandler.fn, props.table, settings, this.deadLetters, reactionsFilterPatterns());

    this.deadLetterAlarm = deadLetterAlarm(
      this,
      this.deadLetters,
      'Stream records were dead-lettered: a stream consumer (records or reactions) failed them after every retry. Find the batch in the dead-letter bucket, fix, replay (docs/operations.md).',
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
