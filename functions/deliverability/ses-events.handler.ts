import { withLambdaContext } from '#shared/logger';
import { handleSesEvent } from './deliverability';

/**
 * SES's bounce, complaint and delivery events of FieldPass's configuration set, delivered by an
 * EventBridge rule (CDK) or by the local SES stand-in's mailbox simulator (local/email-and-files.ts).
 * The event is never logged: it names the recipient's address. `.run` is the bare function.
 */
const run = async (event: unknown) => {
  await handleSesEvent(event);
};

export const handler = Object.assign(withLambdaContext(run), { run });
