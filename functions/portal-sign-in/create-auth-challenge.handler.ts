import type { CreateAuthChallengeTriggerHandler } from 'aws-lambda';
import { sesSender } from '#shared/email';
import { requireEnv } from '#shared/env';
import { createEmailCodeChallenge } from './email-code';

const sendEmail = sesSender(requireEnv('SENDER_EMAIL'));

/** The portal pool's CreateAuthChallenge trigger: e-mails the one-time code. */
export const handler: CreateAuthChallengeTriggerHandler = async (event) =>
  createEmailCodeChallenge(event, { sendEmail });
