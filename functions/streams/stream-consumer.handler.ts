import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { sesSender } from '#shared/email';
import { requireEnv } from '#shared/env';
import { deleteObject } from '#shared/file-store';
import { logger } from '#shared/logger';
import { abandonedUploads } from './abandoned-uploads';
import { assignmentLinkEmails } from './assignment-link-emails';
import { auditTrail } from './audit-trail';
import { checklistCompletionEmails } from './checklist-completion-emails';
import { createStreamHandler, type StreamRecordProcessor } from './process-stream-batch';

const sendEmail = sesSender(requireEnv('SENDER_EMAIL'));

const processors: readonly StreamRecordProcessor[] = [
  auditTrail,
  assignmentLinkEmails({ send: sendEmail, portalUrl: requireEnv('PORTAL_URL') }),
  checklistCompletionEmails({ sendEmail, staffUrl: requireEnv('STAFF_URL') }),
  abandonedUploads({ deleteFile: deleteObject }),
];

const run = createStreamHandler(processors);

/**
 * The DynamoDB Streams consumer: CDK deploys it behind the table's stream (ReportBatchItemFailures,
 * bisect on error, finite retries and record age, SQS on-failure destination) and the local
 * event-source mapping runs it on DynamoDB Local's stream. Each invocation's log lines carry its
 * Lambda context, and never the event: its images hold addresses, answers and code digests (R11).
 * (What Powertools' middy middleware does, without middy's 3 kB in a bundle at its budget.)
 * `.run` is the bare function.
 */
export const handler = Object.assign(
  async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    logger.addContext(context);
    try {
      return await run(event);
    } finally {
      logger.resetKeys();
    }
  },
  { run },
);
