import { optionalEnv, requireEnv } from '#shared/env';
import { logger, withLambdaContext } from '#shared/logger';
import { planClientReports, type ReportChunk, runClientReports, runSubscriptions } from './client-report-service';
import { sesV2Sender } from './report-email';
import { sqsChunkSender } from './report-queue';

const settings = {
  send: sesV2Sender(requireEnv('SENDER_EMAIL'), requireEnv('SES_CONFIGURATION_SET')),
  portalUrl: requireEnv('PORTAL_URL'),
  apiUrl: requireEnv('API_URL'),
};
/** The queue of the run's chunks (CDK sets it); without one (the local stack), a run does its chunks itself. */
const queueUrl = optionalEnv('REPORT_QUEUE_URL', '');

type ScheduledEvent = { time?: string; accountId?: string };
type QueueEvent = { Records: { messageId: string; body: string }[] };

/**
 * The client report e-mails, in two roles of one function:
 * - **the hourly run**: CDK's EventBridge rule invokes it with its scheduled event (whose `time` is
 *   the run's time); it reads the subscriptions and sends them as SQS messages of 25 each, which
 *   the same function then runs, many at once. Without a queue (`npm start`, which invokes the
 *   same module on its local clock, or with a time and an account a test names), it runs the
 *   chunks itself and answers what it did (sent, skipped, already, failed, ineligible).
 * - **a chunk**: an SQS batch; each message's subscriptions are run, and a message that failed as
 *   a whole is reported back (`batchItemFailures`) for SQS to deliver again, then dead-letter.
 */
export const handler = withLambdaContext(async (event: ScheduledEvent | QueueEvent | undefined) => {
  if (event && 'Records' in event && Array.isArray(event.Records)) {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      try {
        const chunk = JSON.parse(record.body) as ReportChunk;
        const outcome = await runSubscriptions(new Date(chunk.time), settings, chunk.subscriptions);
        logger.info('Client reports chunk', { at: chunk.time, ...outcome });
      } catch (error) {
        logger.error('A client reports chunk failed', { messageId: record.messageId, error: (error as Error).message });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  }
  const scheduled = event as ScheduledEvent | undefined;
  const at = scheduled?.time ? new Date(scheduled.time) : new Date();
  const now = Number.isNaN(at.getTime()) ? new Date() : at;
  // `accountId`: only the local control server's runs name one (tests keep to their own account).
  const accountId = typeof scheduled?.accountId === 'string' ? scheduled.accountId : undefined;
  if (queueUrl) {
    const plan = await planClientReports(now, sqsChunkSender(queueUrl), accountId);
    logger.info('Client reports run planned', { at: now.toISOString(), ...plan });
    return plan;
  }
  const outcome = await runClientReports(now, settings, accountId);
  logger.info('Client reports run', { at: now.toISOString(), ...outcome });
  return outcome;
});
