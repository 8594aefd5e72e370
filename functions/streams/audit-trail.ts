import { auditEventOf } from '../audit/audit-event';
import { recordAuditEvent } from '../audit/audit-repository';
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
    await recordAuditEvent(event, {
      at: event.at ? new Date(event.at) : timeOfChange(change),
      sequenceNumber: change.sequenceNumber,
      eventId: change.eventId,
    });
  },
};
