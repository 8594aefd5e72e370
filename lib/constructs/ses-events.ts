import { Duration, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';
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

    // Any event waiting in the queue: a bounce or complaint not marked, so its address still gets e-mail.
    const deadLetters = deadLetterQueue(this, {
      nagReason:
        "This queue is the SES events rule's dead-letter queue; a dead-letter queue behind it would only move the same events again.",
      retain: props.retainDeadLetters,
      alarmDescription:
        'An SES bounce, complaint or delivery event failed in the deliverability function after every EventBridge retry and waits in the SES events dead-letter queue: its address is not marked and still gets e-mail. Fix, then replay with npm run replay-dead-letters -- --ses-events (docs/operations.md).',
      alarmTopic: props.alarmTopic,
    });
    this.deadLetters = deadLetters.queue;
    this.deadLetterAlarm = deadLetters.alarm;

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
  }
}
