import { auditEventOf } from '../audit/audit-event';
import { recordAuditEvent } from '../audit/audit-repository';
import { findCurrentTerms } from '../terms/terms-repository';
import { timeOfChange } from './change-time';
import type { StreamRecordProcessor } from './process-stream-batch';

/**
 * The audit trail (issue 6): every external user action and the staff's actions on their items,
 * one entry per stream record, keyed by the record so a replay adds nothing (R19) and an item's
 * entries sort in the stream's order (R20); TTL deletions are entries of the system (R24). The
 * time is when the change was made, read from the record (`timeOfChange`): the same on every
 * delivery of the record, so the key stays that record's.
 */
export const auditTrail: StreamRecordProcessor = {
  name: 'auditTrail',
  handles: (change) => auditEventOf(change) !== undefined,
  async process(change) {
    const event = auditEventOf(change);
    if (!event) return;
    if (event.action === 'item_viewed' && !(await viewAllowedByTerms(event.accountId, change.newImage ?? {}))) return;
    await recordAuditEvent(event, {
      at: event.at ? new Date(event.at) : timeOfChange(change),
      sequenceNumber: change.sequenceNumber,
      eventId: change.eventId,
    });
  },
};

/**
 * Whether a view noted on an item access record was one the terms allowed: the view's update runs
 * in parallel with the load's read of the current terms, so it cannot check them itself, and a
 * load refused for unaccepted terms must leave no entry. One GetItem of the current terms: none
 * published, or the version the record says the user accepted; or the one before it, when the
 * current one was published after the view.
 */
async function viewAllowedByTerms(accountId: string, image: Record<string, unknown>): Promise<boolean> {
  const current = await findCurrentTerms(accountId);
  if (!current) return true;
  const accepted = image.termsVersion;
  if (accepted === current.termsVersion) return true;
  const viewedAt = typeof image.viewedAt === 'string' ? image.viewedAt : '';
  return accepted === current.termsVersion - 1 && current.publishedAt > viewedAt;
}
