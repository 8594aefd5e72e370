import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { AttachmentsBucket } from '../constructs/attachments-bucket';
import { DataTable } from '../constructs/data-table';
import { StaffUserPool } from '../constructs/staff-user-pool';

/** Props of {@link DataStack}. */
export interface DataStackProps extends StackProps {
  /** Retain everything and turn on deletion protection. */
  readonly production: boolean;
  /** SES-verified sender of the user pools' e-mails. */
  readonly senderEmail: string;
  /** Origin of the portal, allowed to use presigned attachment URLs from the browser. */
  readonly portalOrigin: string;
}

/**
 * Everything that holds data and must outlive a redeploy: the single table, the attachments
 * bucket and the user pools. The stateless stack receives these as props.
 */
export class DataStack extends Stack {
  readonly table: ITableV2;
  readonly bucket: IBucket;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);

    this.table = new DataTable(this, 'Data', { protect: props.production }).table;
    this.bucket = new AttachmentsBucket(this, 'Attachments', {
      portalOrigin: props.portalOrigin,
      retain: props.production,
    }).bucket;

    const staff = new StaffUserPool(this, 'Staff', {
      senderEmail: props.senderEmail,
      production: props.production,
    });
    this.userPool = staff.userPool;
    this.userPoolClient = staff.client;
    Validations.of(staff.userPool).acknowledge({
      id: 'AwsSolutions::AwsSolutions-COG2',
      reason:
        'TOTP MFA is offered (optional) rather than required: field staff sign in on shared and site devices ' +
        'where an authenticator is not always at hand, and Plus-tier threat protection (adaptive authentication, ' +
        'compromised-credential checks) covers password sign-ins. Revisit when accounts ask to enforce MFA.',
    });

    // ── Portal (external-user) pool: added by a later issue, here ──────────────────────────────
    // A `PortalUserPool` construct (lib/constructs/portal-user-pool.ts) for external users:
    // CUSTOM_AUTH only (Define/Create/VerifyAuthChallenge triggers, e-mailed one-time code), an
    // AuthSessionValidity of 10 minutes (R2), ID/access token validity of 24 hours, no password
    // flows, no self sign-up. It belongs in this stack, next to the staff pool, and its trigger
    // functions must live here too: a pool names its triggers, so triggers in the stateless stack
    // would make the two stacks depend on each other. Expose it as `portalUserPool` and
    // `portalUserPoolClient`, like the staff pool above.

    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The single DynamoDB table' });
    new CfnOutput(this, 'AttachmentsBucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'StaffUserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'StaffUserPoolClientId', { value: this.userPoolClient.userPoolClientId });
  }
}
