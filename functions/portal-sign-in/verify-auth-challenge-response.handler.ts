import type { VerifyAuthChallengeResponseTriggerHandler } from 'aws-lambda';
import { systemClock } from '#shared/clock';
import { verifyEmailCodeAnswer } from './email-code';
import { verifyImpersonationAnswer } from './impersonation-challenge';

/** The portal pool's VerifyAuthChallengeResponse trigger: the e-mailed code, or an impersonation grant's secret. */
export const handler: VerifyAuthChallengeResponseTriggerHandler = async (event) => {
  const grantId = event.request.privateChallengeParameters?.grantId;
  return grantId ? verifyImpersonationAnswer(event, grantId, systemClock) : verifyEmailCodeAnswer(event);
};
