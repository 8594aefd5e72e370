import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** Props of {@link deadLetterQueue}. */
export interface DeadLetterQueueProps {
  /** Why the queue has no dead-letter queue of its own (cdk-nag AwsSolutions-SQS3's acknowledgement). */
  readonly nagReason: string;
  /** Keep the queue when the stack goes (production). @default false */
  readonly retain?: boolean;
  /** The alarm's description: what waits there, what it means, and how to replay it. */
  readonly alarmDescription: string;
  /** Notified when the alarm fires and when it clears; no actions when absent. */
  readonly alarmTopic?: ITopic;
}

/**
 * A dead-letter queue in `scope` (`DeadLetters`: SQS-managed encryption, TLS only, 14 days'
 * retention) and its alarm (`DeadLettersAlarm`: any message seen waiting in 5 minutes), notifying `alarmTopic` of
 * both states when given. The SQS twin of the stream consumers' dead-letter bucket alarm
 * (`deadLetterAlarm` in stream-consumer.ts).
 */
export function deadLetterQueue(
  scope: Construct,
  props: DeadLetterQueueProps,
): { queue: sqs.Queue; alarm: cloudwatch.Alarm } {
  const queue = new sqs.Queue(scope, 'DeadLetters', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  Validations.of(queue).acknowledge({ id: 'AwsSolutions::AwsSolutions-SQS3', reason: props.nagReason });
  const alarm = new cloudwatch.Alarm(scope, 'DeadLettersAlarm', {
    alarmDescription: props.alarmDescription,
    // The most messages seen waiting in 5 minutes, not the average: one replayed or taken away
    // within the period must still alarm.
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.MAXIMUM,
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  if (props.alarmTopic) {
    alarm.addAlarmAction(new SnsAction(props.alarmTopic));
    alarm.addOkAction(new SnsAction(props.alarmTopic));
  }
  return { queue, alarm };
}
