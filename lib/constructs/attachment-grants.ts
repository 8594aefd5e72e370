import { Aws, Validations } from 'aws-cdk-lib';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { attachmentsBucketName } from './attachments-bucket';

/**
 * What a function does with attachment files: sign downloads, or also uploads and deletes; or, for
 * the background worker's imports, read uploaded import files and write their previews under
 * `imports/` only.
 */
export type AttachmentUse = 'links' | 'files' | 'cleanup' | 'imports';

const actionsFor: Record<AttachmentUse, string[]> = {
  links: ['s3:GetObject'],
  files: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
  cleanup: ['s3:DeleteObject'],
  imports: ['s3:GetObject', 's3:PutObject'],
};

/**
 * Lets `grantee` act on the attachments bucket's objects, with only the actions its use needs (a
 * presigned URL carries exactly its signer's permissions), never on the bucket itself. The bucket
 * is named by stage ({@link attachmentsBucketName}), so cdk-nag's finding on the object wildcard is
 * acknowledged by its exact text, and no other wildcard is.
 */
export function grantAttachmentObjects(grantee: IGrantable & IConstruct, stage: string, use: AttachmentUse): Grant {
  const prefix = use === 'imports' ? 'imports/' : '';
  const grant = Grant.addToPrincipal({
    grantee,
    actions: actionsFor[use],
    resourceArns: [`arn:${Aws.PARTITION}:s3:::${attachmentsBucketName(stage)}/${prefix}*`],
  });
  const policy = (grantee.grantPrincipal as Partial<IConstruct>).node?.tryFindChild('DefaultPolicy');
  if (policy) {
    Validations.of(policy).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::fieldpass-${stage}-<AWS::AccountId>-<AWS::Region>/${prefix}*]`,
      reason:
        'Attachment objects are keyed by account, item, checklist and file ids known only at run time: the grant names the one attachments bucket, its objects only, and only the actions this function needs.',
    });
  }
  return grant;
}
