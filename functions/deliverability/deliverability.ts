import { logger } from '#shared/logger';
import { type CountMetric, countMetric } from '#shared/metrics';
import { markUndeliverable } from './deliverability-repository';
import { deliverabilityEventOf, type UndeliverableEvent } from './ses-event';

/** What became of one SES event. */
export type DeliverabilityOutcome = 'marked' | 'already_marked' | 'unchanged' | 'ignored';

/**
 * Acts on one SES event (EventBridge, from the configuration set every FieldPass e-mail is sent
 * in):
 * - a hard bounce or a complaint marks the recipient its tags name (the external or staff user of
 *   the account, whose stored address must be the one SES names) `bounced` or `complained` with
 *   the reason and time, and the assignment whose link it carried `bounced` / `complained`
 *   (DLV-1); counted as `EmailBounced` / `EmailComplained`. The stream consumer audits the change.
 *   A replayed or duplicate event, or one of a message sent before staff reset the address,
 *   writes nothing (`already_marked`);
 * - a soft bounce (SES tries again itself) and a delivery change nothing: a delivery never clears
 *   a mark, only staff do (docs/operations.md), since SES's own suppression list would still
 *   hold the address;
 * - anything else (another source, malformed, tags naming nobody) is ignored, never thrown on.
 * Addresses never go to the logs.
 */
export async function handleSesEvent(event: unknown, count: CountMetric = countMetric): Promise<DeliverabilityOutcome> {
  const read = deliverabilityEventOf(event);
  if (!read) {
    logger.warn('SES event ignored: not one FieldPass reads');
    return 'ignored';
  }
  if (!('address' in read)) {
    logger.debug('SES event changes nothing', { kind: read.kind });
    return 'unchanged';
  }
  return mark(read, count);
}

async function mark(read: UndeliverableEvent, count: CountMetric) {
  const status = read.kind === 'hard_bounce' ? 'bounced' : 'complained';
  const written = await markUndeliverable(read.recipient, read.address, read.sentAt, {
    status,
    reason: read.kind,
    at: read.at,
    messageId: read.messageId,
    ...(read.detail ? { detail: read.detail } : {}),
  });
  const about = { recipientKind: read.recipient.kind, recipientId: read.recipient.id, status };
  if (!written) {
    logger.info('SES event already applied, stale, or naming no such recipient; nothing written', about);
    return 'already_marked';
  }
  count(status === 'bounced' ? 'EmailBounced' : 'EmailComplained', { recipientKind: read.recipient.kind });
  logger.info('Recipient marked undeliverable', about);
  return 'marked';
}
