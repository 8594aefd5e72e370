import { countedSender, sesSender } from '#shared/email';
import { requireEnv } from '#shared/env';
import { withLambdaContext } from '#shared/logger';
import { deleteObject } from '#shared/object-delete';
import { abandonedUploads } from './abandoned-uploads';
import { accessFollowsUser } from './access-follows-user';
import { assignmentLinkEmails } from './assignment-link-emails';
import { checklistCompletionEmails } from './checklist-completion-emails';
import { ownerNameChanges } from './owner-name-changes';
import { ownerPairRows } from './owner-pair-rows';
import { createStreamHandler, type StreamRecordProcessor } from './process-stream-batch';
import { reactionsInterests } from './stream-interest';

const sendEmail = sesSender(requireEnv('SENDER_EMAIL'), requireEnv('SES_CONFIGURATION_SET'));

const processors: readonly StreamRecordProcessor[] = [
  assignmentLinkEmails({ send: sendEmail, portalUrl: requireEnv('PORTAL_URL') }),
  checklistCompletionEmails({ sendEmail: countedSender('OwnerEmail', sendEmail), staffUrl: requireEnv('STAFF_URL') }),
  abandonedUploads({ deleteFile: deleteObject }),
  ownerNameChanges,
  accessFollowsUser,
  ownerPairRows,
];

const run = createStreamHandler(processors, { interests: reactionsInterests });

/**
 * The reactions consumer, one of the table stream's two readers (the other is the records
 * consumer, `records-consumer.handler.ts`; decision 0003): assignment link e-mails, completion
 * e-mails, abandoned uploads, owner names, access following its user and the (owner, external
 * user) rows, each record strictly in stream order (`process-stream-batch.ts`). CDK deploys it
 * behind the table's stream (ReportBatchItemFailures, bisect on error, finite retries and record
 * age, an S3 on-failure destination, and an event filter that lets through only the records
 * `reactionsInterests` names) and the local event-source mapping runs it on DynamoDB Local's
 * stream with the same filter. Each invocation's log lines carry its Lambda context, and never the
 * event: its images hold addresses, answers and code digests (R11). `.run` is the bare function.
 */
export const handler = Object.assign(withLambdaContext(run), { run });
