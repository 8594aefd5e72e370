import type { PostAuthenticationTriggerHandler } from 'aws-lambda';
import { logger } from '#shared/logger';
import { recordCodeSignIn } from './email-code';
import { impersonationGrantOf } from './impersonation-challenge';

/**
 * The portal pool's PostAuthentication trigger: records the sign-in, whichever way it came. An
 * impersonation is not the external user signing in: the session it starts is audited by the
 * route as the staff user's (decision 0006), so nothing is noted on the external user here.
 */
export const handler: PostAuthenticationTriggerHandler = async (event) => {
  if (impersonationGrantOf(event.request.clientMetadata)) {
    logger.info("Impersonation sign-in: not noted as the external user's", { externalUserId: event.userName });
    return event;
  }
  return recordCodeSignIn(event);
};
