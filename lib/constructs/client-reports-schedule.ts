import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
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
  /** The portal, which the reports' links (dashboards, the unsubscribe page) open. */
  readonly portalUrl: string;
  /** The HTTP API, where the reports' one-click unsubscribe (RFC 8058) posts. */
  readonly apiUrl: string;
  readonly functionLogs: Pick<FieldPassFunctionProps, 'logRetention' | 'logRemovalPolicy'>;
}

/**
 * Client report e-mails (issue 20): an EventBridge rule runs one function every hour, five
 * minutes past, with its scheduled event (whose `time` is the run's time). The function reads the
 * subscriptions, the clients' records and their sites' windows, writes sent-markers and tokens,
 * and sends through SES from the sender only. EventBridge delivers at least once and retries a
 * failed run twice within the hour; the sent-markers make every repeat send nothing twice.
 */
export class ClientReportsSchedule extends Construct {
  readonly handler: FieldPassFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ClientReportsScheduleProps) {
    super(scope, id);
    this.handler = new FieldPassFunction(this, 'Handler', {
      entry: props.entry,
      description: "Client report e-mails: the hourly run of each contact's daily or weekly report",
      // Subscriptions ten at a time, a page after another: minutes for thousands, never an hour.
      timeout: Duration.minutes(5),
      environment: {
        TABLE_NAME: props.table.tableName,
        SENDER_EMAIL: props.senderEmail,
        PORTAL_URL: props.portalUrl,
        API_URL: props.apiUrl,
      },
      ...props.functionLogs,
    });
    grantItemReadWrite(props.table, this.handler.fn);
    grantSendEmailFrom(this.handler.fn, props.senderEmail);

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
