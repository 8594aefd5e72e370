import { withLambdaContext } from '#shared/logger';
import { createAuditTrailHandler } from './audit-trail';

const run = createAuditTrailHandler();

/**
 * The audit consumer: the table stream's reader that files the audit trail (streams/audit-trail.ts),
 * apart from the rest consumer (`stream-consumer.handler.ts`: e-mails, notifications, derived rows)
 * so each stays within the bundle budget and the audit entries of a batch are written together
 * rather than one awaited PutItem per record (decision 0003). CDK deploys it behind its own
 * event-source mapping (the same settings as the rest's, `streamConsumerSettings`; its event filter
 * `auditTrailInterest`; the same dead-letter bucket) and the local stack runs a mapping of its own
 * for it. Each invocation's log lines carry its Lambda context, and never the event (R11). `.run`
 * is the bare function.
 */
export const handler = Object.assign(withLambdaContext(run), { run });
