import { requireEnv } from '#shared/env';
import { logger, withLambdaContext } from '#shared/logger';
import { runClientReports } from './client-report-service';
import { sesV2Sender } from './report-email';

const settings = {
  send: sesV2Sender(requireEnv('SENDER_EMAIL')),
  portalUrl: requireEnv('PORTAL_URL'),
  apiUrl: requireEnv('API_URL'),
};

/**
 * The hourly run of client report e-mails: CDK's EventBridge rule invokes it every hour with its
 * scheduled event (whose `time` is the run's time), and `npm start` invokes the same module with
 * its local clock's time (or a time and an account a test names). Answers what it did (sent, skipped, already, failed, ineligible).
 */
export const handler = withLambdaContext(async (event: { time?: string; accountId?: string } | undefined) => {
  const at = event?.time ? new Date(event.time) : new Date();
  const now = Number.isNaN(at.getTime()) ? new Date() : at;
  // `accountId`: only the local control server's runs name one (tests keep to their own account).
  const accountId = typeof event?.accountId === 'string' ? event.accountId : undefined;
  const outcome = await runClientReports(now, settings, accountId);
  logger.info('Client reports run', { at: now.toISOString(), ...outcome });
  return outcome;
});
