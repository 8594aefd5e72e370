import { Stack } from 'aws-cdk-lib';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/**
 * The SES identities `senderEmail` may be sent through: SES authorises SendEmail on the
 * identity it verified, which is either the address itself or its domain.
 */
function senderIdentityArns(scope: IConstruct, senderEmail: string): string[] {
  const { partition, region, account } = Stack.of(scope);
  const identity = (name: string) => `arn:${partition}:ses:${region}:${account}:identity/${name}`;
  return [identity(senderEmail), identity(senderEmail.split('@')[1] ?? senderEmail)];
}

/**
 * Lets `grantee` send e-mail from `senderEmail` and from no other address: `ses:SendEmail` on
 * the sender's address and domain identities only, with `ses:FromAddress` pinned, since a domain
 * identity alone would allow any address at that domain.
 */
export function grantSendEmailFrom(grantee: IGrantable & IConstruct, senderEmail: string): Grant {
  return Grant.addToPrincipal({
    grantee,
    actions: ['ses:SendEmail'],
    resourceArns: senderIdentityArns(grantee, senderEmail),
    conditions: { StringEquals: { 'ses:FromAddress': senderEmail } },
  });
}
