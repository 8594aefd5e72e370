import type { DefineAuthChallengeTriggerHandler } from 'aws-lambda';
import { defineEmailCodeChallenge } from './email-code';

/** The portal pool's DefineAuthChallenge trigger. */
export const handler: DefineAuthChallengeTriggerHandler = async (event) => defineEmailCodeChallenge(event);
