import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { workerQueueSettings, workerTimeoutSeconds } from '../stream-consumer-settings';
import { grantAttachmentObjects } from './attachment-grants';
import { attachmentsBucketName } from './attachments-bucket';
import { deadLetterQueue } from './dead-letter-queue';
import { exportsBucketName, grantExportObjects } from './exports-bucket';
import { FieldPassFunction, type FieldPassFunctionProps } from './fieldpass-function';
import { grantSendEmailFrom } from './ses-grants';
import { grantItemReadWrite } from './table-grants';

/** Props of {@link BackgroundWorker}. */
export interface BackgroundWorkerProps {
  /** The worker's handler module, relative to the repository root. */
  readonly entry: string;
  /** The table whose export and import records the worker reads and advances. */
  readonly table: ITableV2;
  /** The stage, which names the exports bucket. */
  readonly stage: string;
  /** The SES-verified address the worker's e-mails (export ready or failed) come from. */
  readonly senderEmail: string;
  /** The SES configuration set its e-mails are sent in (bounce and complaint events). */
  readonly configurationSetName: string;
  /** The HTTP API's URL: the e-mails link to GET /exports/{id} there, which signs a fresh download. */
  readonly apiUrl: string;
  /** Notified when a message is dead-lettered (and when none waits any more); no alarm action when absent. */
  readonly alarmTopic?: ITopic;
  readonly functionLogs: Pick<FieldPassFunctionProps, 'logRetention' | 'logRemovalPolicy'>;
  /** Keep the dead-letter queue when the stack goes (production). @default false */
  readonly retainDeadLetters?: boolean;
}

/**
 * The background worker (exports, imports): ONE function behind an SQS queue (encrypted, TLS
 * only), to which the records consumer sends each background record's change that needs work
 * (`functions/streams/background-work.ts`). A long job works in chunks: each chunk writes progress
 * to its record, and that MODIFY, through the stream and the records consumer, brings the next
 * message. One message per invocation, partial batch responses; a failed message is received again
 * after the visibility timeout (six times the function's, as AWS advises), and after its third
 * receive it goes to the dead-letter queue, whose alarm fires on any message; `npm run
 * replay-dead-letters -- --worker` redrives them to the queue (SQS's StartMessageMoveTask).
 *
 * It is not on a request path, so its bundle may exceed the route functions' 250 kB
 * (exceljs's streaming writer; test/infra/bundle-size.test.ts gives it its own ceiling).
 */
export class BackgroundWorker extends Construct {
  readonly handler: FieldPassFunction;
  /** The worker's queue: the records consumer may send to it, the worker's event-source mapping receives from it. */
  readonly queue: sqs.Queue;
  /** Messages received `maxReceiveCount` times without success, kept 14 days. */
  readonly deadLetters: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: BackgroundWorkerProps) {
    super(scope, id);
    const settings = workerQueueSettings;
    const deadLetters = deadLetterQueue(this, {
      nagReason:
        "This queue is the background worker's dead-letter queue; a dead-letter queue behind it would only move the same messages again.",
      retain: props.retainDeadLetters,
      alarmDescription: `A background job's step failed ${settings.maxReceiveCount} times and waits in the worker's dead-letter queue: find the cause in the worker's logs, fix, redrive (docs/operations.md, "Worker/DeadLettersAlarm").`,
      alarmTopic: props.alarmTopic,
    });
    this.deadLetters = deadLetters.queue;
    this.deadLetterAlarm = deadLetters.alarm;
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(settings.visibilityTimeoutSeconds),
      // Long enough for every receive, the visibility timeouts between them included.
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: settings.maxReceiveCount },
    });

    this.handler = new FieldPassFunction(this, 'Handler', {
      entry: props.entry,
      description: 'Background worker: exports and imports, one chunk per invocation',
      // A chunk stops starting pages well before this (functions/exports/export-processor.ts).
      timeout: Duration.seconds(workerTimeoutSeconds),
      // Streaming a file keeps a page and an upload part in memory, never the whole result.
      memorySize: 1024,
      environment: {
        TABLE_NAME: props.table.tableName,
        EXPORTS_BUCKET: exportsBucketName(props.stage),
        // Imports' files and previews live under `imports/` in the attachments bucket.
        ATTACHMENTS_BUCKET: attachmentsBucketName(props.stage),
        SENDER_EMAIL: props.senderEmail,
        SES_CONFIGURATION_SET: props.configurationSetName,
        API_URL: props.apiUrl,
      },
      ...props.functionLogs,
    });
    // Reads report pages and background records; writes their progress and outcome.
    grantItemReadWrite(props.table, this.handler.fn);
    grantExportObjects(this.handler.fn, props.stage, 'write');
    grantAttachmentObjects(this.handler.fn, props.stage, 'imports');
    grantSendEmailFrom(this.handler.fn, props.senderEmail, props.configurationSetName);

    this.handler.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: settings.batchSize,
        reportBatchItemFailures: settings.reportBatchItemFailures,
      }),
    );
  }
}
