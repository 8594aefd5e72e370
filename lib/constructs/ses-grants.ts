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

/** The ARN of the configuration set named `name`, which SES authorises SendEmail on as well. */
function configurationSetArn(scope: IConstruct, name: string): string {
  const { partition, region, account } = Stack.of(scope);
  return `arn:${partition}:ses:${region}:${account}:configuration-set/${name}`;
}

/**
 * Lets `grantee` send e-mail from `senderEmail` and from no other address, in the configuration
 * set `configurationSetName`: `ses:SendEmail` on the sender's address and domain identities and
 * on that configuration set only, with `ses:FromAddress` pinned, since a domain identity alone
 * would allow any address at that domain.
 */
export function grantSendEmailFrom(
  grantee: IGrantable & IConstruct,
  senderEmail: string,
  configurationSetName: string,
): Grant {
  return Grant.addToPrincipal({
    grantee,
    actions: ['ses:SendEmail'],
    resourceArns: [...senderIdentityArns(grantee, senderEmail), configurationSetArn(grantee, configurationSetName)],
    conditions: { StringEquals: { 'ses:FromAddress': senderEmail } },
  });
}
