import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { privateBucketProps } from './private-bucket';

/**
 * How long an export's file is kept: the bucket's lifecycle deletes it after this many days, and
 * the Export record's TTL (functions/exports/export-record.ts) is the same.
 */
export const exportRetentionDays = 7;

/** The exports bucket's name, known from the stage, account and region (as the attachments bucket's). */
export const exportsBucketName = (stage: string) => `fieldpass-exports-${stage}-${Aws.ACCOUNT_ID}-${Aws.REGION}`;

/** Props of {@link ExportsBucket}. */
export interface ExportsBucketProps {
  /** The deployment stage, part of the bucket's name ({@link exportsBucketName}). */
  readonly stage: string;
  /** Where the bucket's server access logs go (the attachments bucket's log bucket). */
  readonly accessLogsBucket: s3.IBucket;
  /**
   * Keep the bucket when the stack is deleted.
   * @default false
   */
  readonly retain?: boolean;
}

/**
 * The private bucket of exported reports (CSV, XLSX): no public access, encrypted, TLS only, its
 * files deleted after {@link exportRetentionDays} days and abandoned multipart uploads after one.
 * No CORS: a file is downloaded by following a presigned GET, not read by a page's script.
 */
export class ExportsBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ExportsBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: exportsBucketName(props.stage),
      ...privateBucketProps,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'exports/',
      lifecycleRules: [
        { expiration: Duration.days(exportRetentionDays) },
        // A worker that failed mid-file leaves parts that are billed but never visible.
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
}

/** What a function does with export files: write them (the worker), or sign their downloads (the API). */
export type ExportUse = 'write' | 'links';

/**
 * Lets `grantee` act on the exports bucket's objects with only the actions its use needs, never on
 * the bucket itself: the worker writes (multipart included), the API's status route signs GETs.
 */
export function grantExportObjects(grantee: IGrantable & IConstruct, stage: string, use: ExportUse): Grant {
  const grant = Grant.addToPrincipal({
    grantee,
    actions: use === 'write' ? ['s3:PutObject', 's3:AbortMultipartUpload'] : ['s3:GetObject'],
    resourceArns: [`arn:${Aws.PARTITION}:s3:::${exportsBucketName(stage)}/*`],
  });
  const policy = (grantee.grantPrincipal as Partial<IConstruct>).node?.tryFindChild('DefaultPolicy');
  if (policy) {
    Validations.of(policy).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::fieldpass-exports-${stage}-<AWS::AccountId>-<AWS::Region>/*]`,
      reason:
        'Export files are keyed by account and export id, known only at run time: the grant names the one exports bucket, its objects only, and only the actions this function needs.',
    });
  }
  return grant;
}
