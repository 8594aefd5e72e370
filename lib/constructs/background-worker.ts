import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { workerFilterPatterns } from '../../functions/workers/worker-interest';
import { workerSettings, workerTimeoutSeconds } from '../stream-consumer-settings';
import { grantAttachmentObjects } from './attachment-grants';
import { attachmentsBucketName } from './attachments-bucket';
import { exportsBucketName, grantExportObjects } from './exports-bucket';
import { FieldPassFunction, type FieldPassFunctionProps } from './fieldpass-function';
import { privateBucketProps } from './private-bucket';
import { grantSendEmailFrom } from './ses-grants';
import { addStreamMapping, deadLetterAlarm, deadLetterMetricsId } from './stream-consumer';
import { grantItemReadWrite } from './table-grants';

/** Props of {@link BackgroundWorker}. */
export interface BackgroundWorkerProps {
  /** The worker's handler module, relative to the repository root. */
  readonly entry: string;
  /** The table whose stream feeds the worker (its second reader; the stream consumer is the first). */
  readonly table: ITableV2;
  /** The stage, which names the exports bucket. */
  readonly stage: string;
  /** The SES-verified address the worker's e-mails (export ready or failed) come from. */
  readonly senderEmail: string;
  /** The SES configuration set its e-mails are sent in (bounce and complaint events). */
  readonly configurationSetName: string;
  /** The HTTP API's URL: the e-mails link to GET /exports/{id} there, which signs a fresh download. */
  readonly apiUrl: string;
  /** Notified when a record is dead-lettered; no alarm action when absent. */
  readonly alarmTopic?: ITopic;
  readonly functionLogs: Pick<FieldPassFunctionProps, 'logRetention' | 'logRemovalPolicy'>;
  /** @default false */
  readonly retainDeadLetters?: boolean;
}

/**
 * The background worker (exports, imports): ONE function behind the table's SECOND DynamoDB
 * Streams event-source mapping (AWS allows two readers per shard; the stream consumer is the
 * first), filtered to background records in a state that needs work, so it is invoked only for
 * those. A long job works in chunks: each chunk writes progress to its record, and that MODIFY
 * brings the next chunk. Failure handling as the consumer's: partial batch responses, finite
 * retries and record age, and an S3 on-failure destination (the failed batch whole, both images,
 * as the consumer's: `npm run replay-dead-letters -- --worker` replays it days later) with an alarm.
 *
 * It is not on a request path, so its bundle may exceed the route functions' 250 kB
 * (exceljs's streaming writer; test/infra/bundle-size.test.ts gives it its own ceiling).
 */
export class BackgroundWorker extends Construct {
  readonly handler: FieldPassFunction;
  /** Lambda's on-failure records of failed batches, each with the whole event (`payload`), kept a year. */
  readonly deadLetters: s3.Bucket;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: BackgroundWorkerProps) {
    super(scope, id);
    this.deadLetters = new s3.Bucket(this, 'DeadLetters', {
      ...privateBucketProps,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      metrics: [{ id: deadLetterMetricsId }],
      removalPolicy: props.retainDeadLetters ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        "Only Lambda's event-source mapping writes this bucket (one object per failed background batch) and only operators read it; its request metrics feed the dead-letter alarm, and CloudTrail records its management events.",
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

    // Only background records in a state that needs work (functions/workers/worker-interest.ts).
    addStreamMapping(this.handler.fn, props.table, workerSettings, this.deadLetters, workerFilterPatterns());

    this.deadLetterAlarm = deadLetterAlarm(
      this,
      this.deadLetters,
      'A background job record was dead-lettered: the worker failed it after every retry. Find the batch in the dead-letter bucket, fix, replay (docs/operations.md).',
      props.alarmTopic,
    );
  }
}
