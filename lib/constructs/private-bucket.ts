import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * What every FieldPass bucket has: no public access, TLS 1.2 or later only, and SSE-S3
 * encryption (S3 access logs and CloudFront's standard logs are delivered only to SSE-S3
 * buckets, so the log buckets could have no other).
 */
export const privateBucketProps = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  encryption: s3.BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
} as const satisfies s3.BucketProps;
