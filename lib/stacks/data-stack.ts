import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { portalAuthTriggerEntries } from '../../functions/routes';
import { AttachmentsBucket } from '../constructs/attachments-bucket';
import { DataTable } from '../constructs/data-table';
import { EmailConfigurationSet } from '../constructs/email-configuration-set';
import { ExportsBucket } from '../constructs/exports-bucket';
import { functionLogSettings } from '../constructs/fieldpass-function';
import { PortalSite } from '../constructs/portal-site';
import { PortalUserPool } from '../constructs/portal-user-pool';
import { StaffUserPool } from '../constructs/staff-user-pool';

/** Props of {@link DataStack}. */
export interface DataStackProps extends StackProps {
  /** The deployment stage (names the attachments bucket). */
  readonly stage: string;
  /** Retain everything and turn on deletion protection. */
  readonly production: boolean;
  /** SES-verified sender of the staff pool's e-mails and the portal's one-time codes. */
  readonly senderEmail: string;
  /**
   * The portal's public URL when a domain of its own fronts the portal site elsewhere.
   * @default the portal site's CloudFront URL
   */
  readonly portalUrl?: string;
  /**
   * The staff console's public URL when a domain of its own fronts it (its origin uploads import
   * files to the attachments bucket).
   * @default the console site's CloudFront URL
   */
  readonly staffUrl?: string;
}

/**
 * Everything that holds data and must outlive a redeploy: the single table, the attachments
 * bucket, the user pools and the portal site, whose URL every e-mailed link points to. The
 * stateless stack receives these as props.
 */
export class DataStack extends Stack {
  readonly table: ITableV2;
  readonly bucket: IBucket;
  /** Exported reports, deleted after a week (functions/exports/). */
  readonly exportsBucket: IBucket;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  /** The external users' pool: e-mailed one-time codes (CUSTOM_AUTH) only. */
  readonly portalUserPool: IUserPool;
  readonly portalUserPoolClient: IUserPoolClient;
  /** The portal pool's client of staff impersonation sessions (decision 0006). */
  readonly portalImpersonationClient: IUserPoolClient;
  /** The SES configuration set of every e-mail FieldPass sends, whose events report bounces and complaints. */
  readonly emailConfigurationSet: EmailConfigurationSet;
  /** The portal page's bucket and CloudFront distribution; the stateless stack deploys the files. */
  readonly portalSite: PortalSite;
  /** The staff console's bucket and CloudFront distribution (the same construct, for web/console/). */
  readonly consoleSite: PortalSite;
  /** Where e-mailed links point: the configured portalUrl, or else the distribution's URL. */
  readonly portalUrl: string;
  /** The origin of {@link portalUrl}, allowed by the API's and the attachments bucket's CORS. */
  readonly portalOrigin: string;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);

    this.table = new DataTable(this, 'Data', { protect: props.production }).table;
    this.emailConfigurationSet = new EmailConfigurationSet(this, 'Emails', { stage: props.stage });

    this.portalSite = new PortalSite(this, 'PortalSite', { stage: props.stage, retain: props.production });
    this.consoleSite = new PortalSite(this, 'ConsoleSite', {
      stage: props.stage,
      retain: props.production,
      site: 'console',
    });
    // A configured URL is a domain fronting the site elsewhere; new URL() cannot parse the
    // distribution's domain (a token), whose URL is its origin already.
    this.portalUrl = props.portalUrl ?? this.portalSite.url;
    this.portalOrigin = props.portalUrl === undefined ? this.portalSite.url : new URL(props.portalUrl).origin;

    const attachments = new AttachmentsBucket(this, 'Attachments', {
      stage: props.stage,
      portalOrigin: this.portalOrigin,
      consoleOrigin: props.staffUrl === undefined ? this.consoleSite.url : new URL(props.staffUrl).origin,
      retain: props.production,
    });
    this.bucket = attachments.bucket;
    this.exportsBucket = new ExportsBucket(this, 'Exports', {
      stage: props.stage,
      accessLogsBucket: attachments.accessLogsBucket,
      retain: props.production,
    }).bucket;

    const staff = new StaffUserPool(this, 'Staff', {
      senderEmail: props.senderEmail,
      configurationSetName: this.emailConfigurationSet.configurationSetName,
      production: props.production,
    });
    // The pool's e-mail settings name the configuration set: it must exist first.
    staff.userPool.node.addDependency(this.emailConfigurationSet.configurationSet);
    this.userPool = staff.userPool;
    this.userPoolClient = staff.client;
    Validations.of(staff.userPool).acknowledge({
      id: 'AwsSolutions::AwsSolutions-COG2',
      reason:
        'TOTP MFA is offered (optional) rather than required: field staff sign in on shared and site devices ' +
        'where an authenticator is not always at hand, and Plus-tier threat protection (adaptive authentication, ' +
        'compromised-credential checks) covers password sign-ins. Revisit when accounts ask to enforce MFA.',
    });

    // The external users' pool. Its triggers live here, with it: a pool names its triggers, so
    // triggers in the stateless stack would make the two stacks depend on each other.
    const portal = new PortalUserPool(this, 'Portal', {
      table: this.table,
      senderEmail: props.senderEmail,
      configurationSetName: this.emailConfigurationSet.configurationSetName,
      triggerEntries: portalAuthTriggerEntries,
      functionLogs: functionLogSettings(props.production),
      production: props.production,
    });
    this.portalUserPool = portal.userPool;
    this.portalUserPoolClient = portal.client;
    this.portalImpersonationClient = portal.impersonationClient;
    Validations.of(portal.userPool).acknowledge({
      id: 'AwsSolutions::AwsSolutions-COG2',
      reason:
        'External users sign in with a one-time code e-mailed to the address FieldPass holds for them, and nothing ' +
        'else: contractors, stewards, temporary staff and client contacts, most with no authenticator to enrol. ' +
        'Possession of the mailbox as the single factor is a documented, deliberate deviation (R18 in docs/security.md), ' +
        'bounded by 10-minute codes, 3 attempts per code, send limits and 24-hour sessions.',
    });
    Validations.of(portal.userPool).acknowledge({
      id: 'AwsSolutions::AwsSolutions-COG8',
      reason:
        "Essentials, not Plus: Plus's threat protection can only audit custom-authentication sign-ins, never block " +
        'them, and this pool has no passwords for compromised-credential checks. The triggers enforce what matters ' +
        'here instead: codes expire after 10 minutes, fail after 3 wrong answers, and are rate-limited per user.',
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The single DynamoDB table' });
    new CfnOutput(this, 'AttachmentsBucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'ExportsBucketName', { value: this.exportsBucket.bucketName });
    new CfnOutput(this, 'StaffUserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'ConsoleUrl', {
      value: this.consoleSite.url,
      description: 'The staff console: owner e-mails link here unless staffUrl names a domain fronting it',
    });
    new CfnOutput(this, 'StaffUserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'PortalUserPoolId', { value: this.portalUserPool.userPoolId });
    new CfnOutput(this, 'PortalUserPoolClientId', { value: this.portalUserPoolClient.userPoolClientId });
    new CfnOutput(this, 'PortalUrl', {
      value: this.portalUrl,
      description: "The external users' portal page: e-mailed links point here",
    });
    new CfnOutput(this, 'PortalDistributionDomainName', {
      value: this.portalSite.distribution.distributionDomainName,
      description: "The portal site's CloudFront domain (what a custom portal domain fronts)",
    });
  }
}
