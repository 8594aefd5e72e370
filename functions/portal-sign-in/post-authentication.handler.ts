import type { PostAuthenticationTriggerHandler } from 'aws-lambda';
import { recordCodeSignIn } from './email-code';

/** The portal pool's PostAuthentication trigger: records the sign-in, whichever way it came. */
export const handler: PostAuthenticationTriggerHandler = async (event) => recordCodeSignIn(event);
