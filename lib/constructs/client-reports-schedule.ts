import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';
import { FieldPassFunction, type FieldPassFunctionProps } from './fieldpass-function';
import { grantSendEmailFrom } from './ses-grants';
import { grantItemReadWrite } from './table-grants';

/** Props of {@link ClientReportsSchedule}. */
export interface ClientReportsScheduleProps {
  /** The hourly handler module, relative to the repository root. */
  readonly entry: string;
  readonly table: ITableV2;
  /** The SES-verified address the reports come from. */
  readonly senderEmail: string;
  /** The SES configuration set its e-mails are sent in (bounce and complaint events). */
  readonly configurationSetName: string;
  /** The portal, which the reports' links (dashboards, the unsubscribe page) open. */
  readonly portalUrl: string;
  /** The HTTP API, where the reports' one-click unsubscribe (RFC 8058) posts. */
  readonly apiUrl: string;
  readonly functionLogs: Pick<FieldPassFunctionProps, 'logRetention' | 'logRemovalPolicy'>;
  /** Keep the dead-letter queue when the stack goes (production). @default false */
  readonly retainDeadLetters?: boolean;
  /** Notified when the dead-letter alarm fires and when it clears. */
  readonly alarmTopic?: ITopic;
}

/**
 * Client report e-mails (issue 20): an EventBridge rule runs one function every hour, five
 * minutes past, with its scheduled event (whose `time` is the run's time). That run only reads the
 * subscriptions and sends them, 25 to a message, to an SQS queue; the same function receives the
 * queue's messages (one per invocation, many invocations at once) and runs their reports: it reads
 * the clients' records and their scopes' windows, writes sent-markers and tokens, and sends
 * through SES from the sender only. So an hour's work is spread over as many invocations as it
 * needs, whatever the number of contacts. EventBridge delivers at least once and retries a failed
 * run twice within the hour; SQS delivers a failed message again (three receives), then to the
 * dead-letter queue, whose alarm fires on any message; the sent-markers make every repeat send
 * nothing twice.
 */
export class ClientReportsSchedule extends Construct {
  readonly handler: FieldPassFunction;
  readonly rule: events.Rule;
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly deadLettersAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ClientReportsScheduleProps) {
    super(scope, id);
    const timeout = Duration.minutes(5);
    const deadLetters = deadLetterQueue(this, {
      nagReason:
        "This queue is the report chunks' dead-letter queue; a dead-letter queue behind it would only move the same chunks again.",
      retain: props.retainDeadLetters,
      alarmDescription:
        'A chunk of client report e-mails failed three times: the next hourly run sends what it did not (docs/operations.md, "ClientReports/DeadLettersAlarm")',
      alarmTopic: props.alarmTopic,
    });
    this.deadLetters = deadLetters.queue;
    this.deadLettersAlarm = deadLetters.alarm;
    this.queue = new sqs.Queue(this, 'Chunks', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // A chunk is received again only after its invocation could have ended (AWS: at least the timeout; six times it).
      visibilityTimeout: Duration.minutes(30),
      // Long enough for three receives 30 minutes apart; a chunk run late still reports its run's period.
      retentionPeriod: Duration.hours(4),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 3 },
    });
    this.handler = new FieldPassFunction(this, 'Handler', {
      entry: props.entry,
      description: "Client report e-mails: the hourly run of each contact's daily or weekly report",
      // The run only plans (a page of 200 subscriptions a request); a chunk of 25 takes seconds.
      timeout,
      environment: {
        TABLE_NAME: props.table.tableName,
        SENDER_EMAIL: props.senderEmail,
        SES_CONFIGURATION_SET: props.configurationSetName,
        PORTAL_URL: props.portalUrl,
        API_URL: props.apiUrl,
        REPORT_QUEUE_URL: this.queue.queueUrl,
      },
      ...props.functionLogs,
    });
    grantItemReadWrite(props.table, this.handler.fn);
    grantSendEmailFrom(this.handler.fn, props.senderEmail, props.configurationSetName);
    this.queue.grantSendMessages(this.handler.fn);
    this.handler.fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true }));

    this.rule = new events.Rule(this, 'Hourly', {
      description: 'Runs the client report e-mails every hour (functions/client-reports/)',
      schedule: events.Schedule.cron({ minute: '5' }),
      targets: [
        new targets.LambdaFunction(this.handler.fn, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
        }),
      ],
    });
  }
}
