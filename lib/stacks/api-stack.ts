import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { notFoundEntry, routes, streamConsumerEntry } from '../../functions/routes';
import { functionLogSettings } from '../constructs/fieldpass-function';
import { FieldPassHttpApi } from '../constructs/http-api';
import { StreamConsumer } from '../constructs/stream-consumer';

/** Props of {@link ApiStack}: the stateful stack's resources and the deployment's settings. */
export interface ApiStackProps extends StackProps {
  readonly production: boolean;
  readonly table: ITableV2;
  /**
   * The deployment stage, which names the attachments bucket: the attachment routes sign URLs
   * for its objects, and the stream consumer deletes abandoned uploads.
   */
  readonly stage: string;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  /** The external users' pool, whose ID tokens the portal routes accept. */
  readonly portalUserPool: IUserPool;
  readonly portalUserPoolClient: IUserPoolClient;
  /** Origins of the staff web client allowed by CORS. */
  readonly webOrigins: readonly string[];
  /** The external users' portal, which e-mailed links point to; its origin is allowed by CORS. */
  readonly portalUrl: string;
  /** The staff web client, which owner e-mails link to. */
  readonly staffUrl: string;
  /** SES-verified sender of FieldPass's e-mails. */
  readonly senderEmail: string;
  /** SNS topic the alarms notify. */
  readonly alarmTopicArn?: string;
}

/**
 * Everything stateless: the HTTP API with its functions and the stream consumer. It can be
 * destroyed and redeployed without touching data.
 */
export class ApiStack extends Stack {
  readonly httpApi: FieldPassHttpApi;
  readonly streamConsumer: StreamConsumer;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);

    const functionLogs = functionLogSettings(props.production);

    this.httpApi = new FieldPassHttpApi(this, 'Http', {
      routes,
      notFoundEntry,
      table: props.table,
      stage: props.stage,
      staffUserPool: props.userPool,
      staffUserPoolClient: props.userPoolClient,
      portalUserPool: props.portalUserPool,
      portalUserPoolClient: props.portalUserPoolClient,
      webOrigins: props.webOrigins,
      portalOrigin: new URL(props.portalUrl).origin,
      functionLogs,
      accessLogRetention: functionLogs.logRetention,
    });

    this.streamConsumer = new StreamConsumer(this, 'Streams', {
      entry: streamConsumerEntry,
      table: props.table,
      stage: props.stage,
      senderEmail: props.senderEmail,
      portalUrl: props.portalUrl,
      staffUrl: props.staffUrl,
      functionLogs,
      retainDeadLetters: props.production,
      ...(props.alarmTopicArn ? { alarmTopic: sns.Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn) } : {}),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'StreamDeadLetterQueueUrl', { value: this.streamConsumer.deadLetters.queueUrl });
  }
}
