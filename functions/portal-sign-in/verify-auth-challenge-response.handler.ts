import type { VerifyAuthChallengeResponseTriggerHandler } from 'aws-lambda';
import { verifyEmailCodeAnswer } from './email-code';

/** The portal pool's VerifyAuthChallengeResponse trigger. */
export const handler: VerifyAuthChallengeResponseTriggerHandler = async (event) => verifyEmailCodeAnswer(event);
