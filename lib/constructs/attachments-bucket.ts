import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { privateBucketProps } from './private-bucket';

/**
 * The attachments bucket's name: known from the stage, account and region (at most 58
 * characters), so the stateless stack grants on its objects without a cross-stack reference and
 * each grant's resource reads the same in every template and review.
 */
export const attachmentsBucketName = (stage: string) => `fieldpass-${stage}-${Aws.ACCOUNT_ID}-${Aws.REGION}`;

/** Props of {@link AttachmentsBucket}. */
export interface AttachmentsBucketProps {
  /** The deployment stage, part of the bucket's name ({@link attachmentsBucketName}). */
  readonly stage: string;
  /** Origin of the portal, whose browser uploads and downloads through presigned URLs. */
  readonly portalOrigin: string;
  /** Origin of the staff console, whose browser uploads import files through presigned PUTs. */
  readonly consoleOrigin?: string;
  /**
   * Keep both buckets when the stack is deleted.
   * @default false (a non-empty bucket must then be emptied before the stack can be deleted)
   */
  readonly retain?: boolean;
  /** @default Duration.days(90) */
  readonly accessLogRetention?: Duration;
}

/**
 * The private bucket for attachments: no public access, encrypted, TLS only, versioned (an
 * overwritten or deleted file can be recovered for 30 days), its server access logs in a
 * separate bucket, and CORS so the portal's browser can use presigned URLs directly.
 */
export class AttachmentsBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AttachmentsBucketProps) {
    super(scope, id);
    const removalPolicy = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      ...privateBucketProps,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: props.accessLogRetention ?? Duration.days(90) }],
      removalPolicy,
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: attachmentsBucketName(props.stage),
      ...privateBucketProps,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'attachments/',
      lifecycleRules: [
        // A browser that gives up mid-upload leaves parts that are billed but never visible.
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { noncurrentVersionExpiration: Duration.days(30) },
        // Import files and previews (functions/imports/): a week, as their records' TTL.
        { prefix: 'imports/', expiration: Duration.days(7), noncurrentVersionExpiration: Duration.days(1) },
      ],
      cors: [
        {
          // PUT and POST for presigned uploads (POST carries a content-length-range policy), GET/HEAD for downloads.
          allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.POST, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
          allowedOrigins: [props.portalOrigin, ...(props.consoleOrigin === undefined ? [] : [props.consoleOrigin])],
          // The signature in the URL authorises the request; headers only need to get past CORS.
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      removalPolicy,
    });
  }
}
