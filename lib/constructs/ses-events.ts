import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { sesEventDetailTypes } from './email-configuration-set';
import { FieldPassFunction, type FieldPassFunctionProps } from './fieldpass-function';

/** Props of {@link SesEvents}. */
export interface SesEventsProps {
  /** The handler module, relative to the repository root. */
  readonly entry: string;
  /** The table whose external and staff users (and assignments) it marks. */
  readonly table: ITableV2;
  /** The configuration set whose events it reads (lib/constructs/email-configuration-set.ts). */
  readonly configurationSetName: string;
  readonly functionLogs: Pick<FieldPassFunctionProps, 'logRetention' | 'logRemovalPolicy'>;
  /** @default false */
  readonly retainDeadLetters?: boolean;
  /** Notified when the dead-letter alarm fires (and when it clears); no actions when absent. */
  readonly alarmTopic?: ITopic;
}

/**
 * SES's bounce, complaint and delivery events of FieldPass's configuration set, from
 * EventBridge's default bus to the deliverability function (functions/deliverability/): an
 * EventBridge rule on `source: aws.ses`, those detail types and the configuration set's ARN, with
 * EventBridge's retries and an SQS dead-letter queue for events the function failed on, with an
 * alarm as soon as one waits there (replayed with `npm run replay-dead-letters -- --ses-events`,
 * docs/operations.md). The function may only update items of the table (its marks are conditional
 * UpdateItems in one TransactWriteItems): it reads nothing and sends nothing.
 */
export class SesEvents extends Construct {
  readonly handler: FieldPassFunction;
  readonly rule: events.Rule;
  readonly deadLetters: sqs.Queue;
  /** Fires when an SES event waits in the dead-letter queue. */
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: SesEventsProps) {
    super(scope, id);
    const { partition, region, account } = Stack.of(this);

    this.handler = new FieldPassFunction(this, 'Handler', {
      entry: props.entry,
      description: "SES bounce, complaint and delivery events: marks the recipient's address undeliverable",
      timeout: Duration.seconds(10),
      environment: { TABLE_NAME: props.table.tableName },
      ...props.functionLogs,
    });
    Grant.addToPrincipal({
      grantee: this.handler.fn,
      actions: ['dynamodb:UpdateItem'],
      resourceArns: [props.table.tableArn],
    });

    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.retainDeadLetters ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        "This queue is the SES events rule's dead-letter queue; a dead-letter queue behind it would only move the same events again.",
    });

    this.rule = new events.Rule(this, 'Rule', {
      description: "SES events of FieldPass's configuration set to the deliverability function",
      eventPattern: {
        source: ['aws.ses'],
        detailType: [...sesEventDetailTypes],
        resources: [`arn:${partition}:ses:${region}:${account}:configuration-set/${props.configurationSetName}`],
      },
      targets: [
        new targets.LambdaFunction(this.handler.fn, {
          deadLetterQueue: this.deadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });

    // Any event waiting in the queue: a bounce or complaint not marked, so its address still gets e-mail.
    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLettersAlarm', {
      alarmDescription:
        'An SES bounce, complaint or delivery event failed in the deliverability function after every EventBridge retry and waits in the SES events dead-letter queue: its address is not marked and still gets e-mail. Fix, then replay with npm run replay-dead-letters -- --ses-events (docs/operations.md).',
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic) {
      this.deadLetterAlarm.addAlarmAction(new SnsAction(props.alarmTopic));
      this.deadLetterAlarm.addOkAction(new SnsAction(props.alarmTopic));
    }
  }
}
