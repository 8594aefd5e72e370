import { countedSender, sesSender } from '#shared/email';
import { requireEnv } from '#shared/env';
import { deleteObject } from '#shared/file-store';
import { withLambdaContext } from '#shared/logger';
import { abandonedUploads } from './abandoned-uploads';
import { accessFollowsUser } from './access-follows-user';
import { assignmentLinkEmails } from './assignment-link-emails';
import { createAuditTrailHandler } from './audit-trail';
import { checklistCompletionEmails } from './checklist-completion-emails';
import { feedLogEntries } from './feed-log-entries';
import { ownerAssigneeRows } from './owner-assignee-rows';
import { ownerNameChanges } from './owner-name-changes';
import { createStreamHandler, type StreamRecordProcessor } from './process-stream-batch';
import { bothOnEachBatch } from './stream-batch';
import { restInterests } from './stream-interest';

const sendEmail = sesSender(requireEnv('SENDER_EMAIL'), requireEnv('SES_CONFIGURATION_SET'));

const processors: readonly StreamRecordProcessor[] = [
  assignmentLinkEmails({ send: sendEmail, portalUrl: requireEnv('PORTAL_URL') }),
  checklistCompletionEmails({ sendEmail: countedSender('OwnerEmail', sendEmail), staffUrl: requireEnv('STAFF_URL') }),
  abandonedUploads({ deleteFile: deleteObject }),
  ownerNameChanges,
  accessFollowsUser,
  ownerAssigneeRows,
  feedLogEntries,
];

const run = bothOnEachBatch(createAuditTrailHandler(), createStreamHandler(processors, { interests: restInterests }));

/**
 * The DynamoDB Streams consumer: CDK deploys it behind the table's stream (ReportBatchItemFailures,
 * bisect on error, finite retries and record age, an S3 on-failure destination, and an event filter
 * that lets through only the records `streamInterests` names) and the local event-source mapping
 * runs it on DynamoDB Local's stream with the same filter. Each batch goes to the audit trail, whose
 * entries are written together (`audit-trail.ts`), and at the same time to the other processors,
 * each record strictly in stream order (`process-stream-batch.ts`). One function, not two: with the
 * background worker that would be three readers of the stream, and DynamoDB Streams throttles more
 * than two readers of a shard (decision 0003). Each invocation's log lines carry its Lambda
 * context, and never the event: its images hold addresses, answers and code digests (R11).
 * `.run` is the bare function.
 */
export const handler = Object.assign(withLambdaContext(run), { run });
