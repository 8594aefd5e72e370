import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import {
  clientReportsEntry,
  notFoundEntry,
  reactionsConsumerEntry,
  recordsConsumerEntry,
  routes,
  sesEventsEntry,
  workerEntry,
} from '../../functions/routes';
import { consoleConfigScript } from '../../web/build';
import { BackgroundWorker } from '../constructs/background-worker';
import { ClientReportsSchedule } from '../constructs/client-reports-schedule';
import { emailConfigurationSetName } from '../constructs/email-configuration-set';
import { functionLogSettings } from '../constructs/fieldpass-function';
import { FieldPassHttpApi } from '../constructs/http-api';
import { Operations } from '../constructs/operations';
import { PortalDeployment } from '../constructs/portal-deployment';
import { SesEvents } from '../constructs/ses-events';
import { StreamConsumer } from '../constructs/stream-consumer';

/** Props of {@link ApiStack}: the stateful stack's resources and the deployment's settings. */
export interface ApiStackProps extends StackProps {
  readonly production: boolean;
  readonly table: ITableV2;
  /**
   * The deployment stage, which names the attachments bucket (the attachment routes sign URLs
   * for its objects, and the stream consumer deletes abandoned uploads) and the portal's bucket.
   */
  readonly stage: string;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  /** The external users' pool, whose ID tokens the portal routes accept. */
  readonly portalUserPool: IUserPool;
  readonly portalUserPoolClient: IUserPoolClient;
  /** The portal pool's client of staff impersonation sessions (decision 0006). */
  readonly portalImpersonationClient: IUserPoolClient;
  /** Origins of the staff web client allowed by CORS. */
  readonly webOrigins: readonly string[];
  /** The external users' portal, which e-mailed links point to (may be a token of the Data stack). */
  readonly portalUrl: string;
  /** The origin of {@link portalUrl}, allowed by CORS. */
  readonly portalOrigin: string;
  /** The portal site's distribution (Data stack), invalidated when the portal's files are deployed. */
  readonly portalDistribution: IDistribution;
  /** The staff web client, which owner e-mails link to. */
  readonly staffUrl: string;
  /** The staff console's distribution (Data stack), invalidated when the console's files are deployed. */
  readonly consoleDistribution: IDistribution;
  /** SES-verified sender of FieldPass's e-mails. */
  readonly senderEmail: string;
  /** SNS topic the alarms notify. */
  readonly alarmTopicArn?: string;
}

/**
 * Everything stateless: the HTTP API with its functions, the stream consumers, the background worker and the portal's
 * files (with a `config.js` naming this API). It can be destroyed and redeployed without touching
 * data.
 */
export class ApiStack extends Stack {
  readonly httpApi: FieldPassHttpApi;
  readonly streamConsumer: StreamConsumer;
  readonly worker: BackgroundWorker;
  readonly clientReports: ClientReportsSchedule;
  readonly portalDeployment: PortalDeployment;
  readonly consoleDeployment: PortalDeployment;
  readonly operations: Operations;
  /** SES's bounce, complaint and delivery events to the deliverability function. */
  readonly sesEvents: SesEvents;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);

    const functionLogs = functionLogSettings(props.production);
    // The Data stack's configuration set, by its name (a string, not a cross-stack reference).
    const configurationSetName = emailConfigurationSetName(props.stage);

    this.httpApi = new FieldPassHttpApi(this, 'Http', {
      routes,
      notFoundEntry,
      table: props.table,
      stage: props.stage,
      staffUserPool: props.userPool,
      staffUserPoolClient: props.userPoolClient,
      portalUserPool: props.portalUserPool,
      portalUserPoolClient: props.portalUserPoolClient,
      portalImpersonationClient: props.portalImpersonationClient,
      webOrigins: props.webOrigins,
      portalOrigin: props.portalOrigin,
      functionLogs,
      accessLogRetention: functionLogs.logRetention,
    });

    const alarmTopic = props.alarmTopicArn
      ? sns.Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn)
      : undefined;
    this.worker = new BackgroundWorker(this, 'Worker', {
      entry: workerEntry,
      table: props.table,
      stage: props.stage,
      senderEmail: props.senderEmail,
      configurationSetName,
      apiUrl: this.httpApi.url,
      functionLogs,
      retainDeadLetters: props.production,
      ...(alarmTopic ? { alarmTopic } : {}),
    });

    this.streamConsumer = new StreamConsumer(this, 'Streams', {
      recordsEntry: recordsConsumerEntry,
      reactionsEntry: reactionsConsumerEntry,
      table: props.table,
      workerQueue: this.worker.queue,
      stage: props.stage,
      senderEmail: props.senderEmail,
      configurationSetName,
      portalUrl: props.portalUrl,
      staffUrl: props.staffUrl,
      functionLogs,
      retainDeadLetters: props.production,
      ...(alarmTopic ? { alarmTopic } : {}),
    });

    this.clientReports = new ClientReportsSchedule(this, 'ClientReports', {
      entry: clientReportsEntry,
      table: props.table,
      senderEmail: props.senderEmail,
      configurationSetName,
      portalUrl: props.portalUrl,
      apiUrl: this.httpApi.url,
      functionLogs,
      retainDeadLetters: props.production,
      ...(alarmTopic ? { alarmTopic } : {}),
    });

    this.sesEvents = new SesEvents(this, 'SesEvents', {
      entry: sesEventsEntry,
      table: props.table,
      configurationSetName,
      functionLogs,
      retainDeadLetters: props.production,
      ...(alarmTopic ? { alarmTopic } : {}),
    });

    this.operations = new Operations(this, 'Operations', {
      api: this.httpApi.api,
      stage: this.httpApi.stage,
      streamConsumers: {
        records: this.streamConsumer.recordsHandler.fn,
        reactions: this.streamConsumer.reactionsHandler.fn,
      },
      workerQueue: this.worker.queue,
      deadLetterAlarm: this.streamConsumer.deadLetterAlarm,
      otherAlarms: [this.worker.deadLetterAlarm, this.sesEvents.deadLetterAlarm, this.clientReports.deadLettersAlarm],
      ...(alarmTopic ? { alarmTopic } : {}),
    });

    this.portalDeployment = new PortalDeployment(this, 'Portal', {
      stage: props.stage,
      distribution: props.portalDistribution,
      apiUrl: this.httpApi.url,
    });
    // The staff console: the same deployment, with a config.js naming the staff pool's client,
    // which the console signs in with straight from the browser.
    this.consoleDeployment = new PortalDeployment(this, 'Console', {
      stage: props.stage,
      distribution: props.consoleDistribution,
      apiUrl: this.httpApi.url,
      site: 'console',
      configScript: consoleConfigScript({
        apiUrl: this.httpApi.url,
        cognitoUrl: `https://cognito-idp.${this.region}.${this.urlSuffix}/`,
        clientId: props.userPoolClient.userPoolClientId,
        portalUrl: props.portalUrl,
      }),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'StreamDeadLetterBucketName', { value: this.streamConsumer.deadLetters.bucketName });
    new CfnOutput(this, 'RecordsConsumerFunctionName', { value: this.streamConsumer.recordsHandler.fn.functionName });
    new CfnOutput(this, 'ReactionsConsumerFunctionName', {
      value: this.streamConsumer.reactionsHandler.fn.functionName,
    });
    new CfnOutput(this, 'WorkerDeadLetterQueueArn', { value: this.worker.deadLetters.queueArn });
    new CfnOutput(this, 'WorkerQueueArn', { value: this.worker.queue.queueArn });
    new CfnOutput(this, 'WorkerFunctionName', { value: this.worker.handler.fn.functionName });
    new CfnOutput(this, 'SesEventsDeadLetterQueueUrl', { value: this.sesEvents.deadLetters.queueUrl });
    new CfnOutput(this, 'SesEventsFunctionName', { value: this.sesEvents.handler.fn.functionName });
    new CfnOutput(this, 'DashboardName', { value: this.operations.dashboard.dashboardName });
  }
}
