import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { eventFilterPatterns } from '../../functions/streams/stream-interest';
import { streamConsumerSettings } from '../stream-consumer-settings';
import { grantAttachmentObjects } from './attachment-grants';
import { attachmentsBucketName } from './attachments-bucket';
import { FieldPassFunction, type FieldPassFunctionProps } from './fieldpass-function';
import { grantSendEmailFrom } from './ses-grants';
import { grantItemReadWrite } from './table-grants';

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
  /** The portal's URL, which e-mailed links point to (never taken from a request, R8). */
  readonly portalUrl: string;
  /** The staff web client, which owner notifications link to. */
  readonly staffUrl: string;
  /** Notified when a batch is dead-lettered; no alarm action when absent. */
  readonly alarmTopic?: ITopic;
  /** Log settings shared by every function. */
  readonly functionLogs: Pick<FieldPassFunctionProps, 'logRetention' | 'logRemovalPolicy'>;
  /**
   * Keep the dead-letter queue (and what it holds) when the stack is deleted.
   * @default false
   */
  readonly retainDeadLetters?: boolean;
}

/**
 * The DynamoDB Streams consumer (audit trail, e-mails, notifications), invoked only for the records
 * its processors act on (an event filter): partial batch failures,
 * bisect on error, finite retries and record age so one bad record cannot block its shard (R21,
 * R22), per-item order (R20), and an SQS on-failure destination with an alarm (R23). The numbers
 * come from `streamConsumerSettings`, which the local event-source mapping honours too.
 */
export class StreamConsumer extends Construct {
  readonly handler: FieldPassFunction;
  /**
   * Where batches that exhausted their retries or aged out are described (shard, sequence-number
   * range), so they can be re-read from the stream and replayed while the stream still has them.
   */
  readonly deadLetters: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: StreamConsumerProps) {
    super(scope, id);
    const settings = streamConsumerSettings;

    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: time to notice the alarm, fix the consumer and replay.
      retentionPeriod: Duration.days(14),
      removalPolicy: props.retainDeadLetters ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        "This queue is the stream consumer's on-failure destination; a dead-letter queue behind it would only move the same failure records again.",
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
        PORTAL_URL: props.portalUrl,
        STAFF_URL: props.staffUrl,
        ATTACHMENTS_BUCKET: attachmentsBucketName(props.stage),
      },
      ...props.functionLogs,
    });
    // Processors read records and write link records, delivery outcomes and (later) audit entries.
    grantItemReadWrite(props.table, this.handler.fn);
    // Assignment links go out from the configured sender, and only from it.
    grantSendEmailFrom(this.handler.fn, props.senderEmail);
    // Files of uploads never confirmed are deleted when their pending record expires.
    grantAttachmentObjects(this.handler.fn, props.stage, 'cleanup');

    this.handler.fn.addEventSource(
      new DynamoEventSource(props.table, {
        // From the oldest record the stream holds: writes made while the stateless stack was being
        // redeployed (mapping deleted and recreated) are still processed.
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: settings.batchSize,
        bisectBatchOnError: settings.bisectBatchOnError,
        retryAttempts: settings.retryAttempts,
        maxRecordAge: Duration.seconds(settings.maxRecordAgeSeconds),
        reportBatchItemFailures: settings.reportBatchItemFailures,
        parallelizationFactor: settings.parallelizationFactor,
        onFailure: new SqsDlq(this.deadLetters),
        // Only the records a processor acts on (functions/streams/stream-interest.ts): the audit
        // entries the consumer writes, completion notices, links and the like are dropped before
        // an invocation, and are not billed. TTL deletions of the named entities still arrive (R24).
        filters: eventFilterPatterns().map((pattern) => FilterCriteria.filter(pattern)),
      }),
    );

    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLettersAlarm', {
      alarmDescription:
        'Stream records were dead-lettered: the consumer failed them after every retry. Read the queue, fix, replay.',
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic) this.deadLetterAlarm.addAlarmAction(new SnsAction(props.alarmTopic));
  }
}
