import type { CreateAuthChallengeTriggerHandler } from 'aws-lambda';
import { sesSender } from '#shared/email';
import { requireEnv } from '#shared/env';
import { createEmailCodeChallenge } from './email-code';
import { createImpersonationChallenge, impersonationGrantOf } from './impersonation-challenge';

const sendEmail = sesSender(requireEnv('SENDER_EMAIL'), requireEnv('SES_CONFIGURATION_SET'));

/** The portal pool's CreateAuthChallenge trigger: e-mails the one-time code, or asks for an impersonation grant's secret. */
export const handler: CreateAuthChallengeTriggerHandler = async (event) => {
  const grantId = impersonationGrantOf(event.request.clientMetadata);
  return grantId && (event.request.session ?? []).length === 0
    ? createImpersonationChallenge(event, grantId)
    : createEmailCodeChallenge(event, { sendEmail });
};
