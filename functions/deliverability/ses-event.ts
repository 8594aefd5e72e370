import type { Recipient } from '#shared/email';

/*
 * SES's events of a message (its configuration set's event destination, EventBridge: the default
 * bus, `source: aws.ses`), read into what FieldPass acts on. Only what is needed is read; anything
 * malformed reads as undefined and is ignored, never thrown on: an event can be retried, not fixed.
 * The shape is SES's "event publishing" one (the event's `detail`): `eventType`, `mail` (with the
 * message's tags, each a list of values) and `bounce`, `complaint` or `delivery`.
 */

/** What an SES event means for its recipient. */
export type DeliverabilityEvent = UndeliverableEvent | { kind: 'soft_bounce' | 'delivery'; recipient?: Recipient };

/** A hard bounce or a complaint: the recipient's address gets no more e-mail. */
export interface UndeliverableEvent {
  kind: 'hard_bounce' | 'complaint';
  recipient: Recipient;
  /** The address SES names, lower case: it must be the recipient record's. */
  address: string;
  /** When SES reported it. */
  at: string;
  /** When the message was sent: an event of a message sent before a reset is stale. */
  sentAt: string;
  messageId: string;
  /** SES's finer reason: the bounce's subtype, the complaint's feedback type. */
  detail?: string;
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
const str = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);
const time = (value: unknown) => {
  const text = str(value);
  return text && !Number.isNaN(Date.parse(text)) ? new Date(text).toISOString() : undefined;
};
/** SES message tags arrive as lists of values: the first. */
const tag = (tags: Json | undefined, name: string) => {
  const value = tags?.[name];
  return str(Array.isArray(value) ? value[0] : undefined);
};
const id = /^[\w-]{1,128}$/;

/** The recipient the message's tags name, when they name one well formed. */
export function recipientOf(tags: Json | undefined): Recipient | undefined {
  const accountId = tag(tags, 'accountId');
  const kind = tag(tags, 'recipientKind');
  const recipientId = tag(tags, 'recipientId');
  if (!accountId || !recipientId || !id.test(accountId) || !id.test(recipientId)) return undefined;
  if (kind !== 'external' && kind !== 'staff') return undefined;
  const itemType = tag(tags, 'itemType');
  const itemId = tag(tags, 'itemId');
  const item =
    kind === 'external' && (itemType === 'job' || itemType === 'incident') && itemId && id.test(itemId)
      ? { item: { type: itemType, id: itemId } }
      : {};
  return { accountId, kind, id: recipientId, ...item } as Recipient;
}

/** The first recipient address of the event's list, lower case. */
function firstAddress(list: unknown, field: string): string | undefined {
  const first = obj(Array.isArray(list) ? list[0] : undefined);
  return str(first?.[field])?.toLowerCase();
}

/**
 * Reads one EventBridge event of SES (pure): a hard (Permanent) bounce or a complaint names the
 * recipient to mark; a soft (Transient or Undetermined) bounce and a delivery change nothing.
 * Undefined for anything else: another source, a malformed event, tags naming nobody.
 */
export function deliverabilityEventOf(event: unknown): DeliverabilityEvent | undefined {
  const envelope = obj(event);
  if (envelope?.source !== 'aws.ses') return undefined;
  const detail = obj(envelope.detail);
  const mail = obj(detail?.mail);
  if (!detail || !mail) return undefined;
  const recipient = recipientOf(obj(mail.tags));
  const eventType = str(detail.eventType);
  if (eventType === 'Delivery') return { kind: 'delivery', ...(recipient ? { recipient } : {}) };
  const messageId = str(mail.messageId);
  const sentAt = time(mail.timestamp);
  if (!recipient || !messageId || !sentAt) return undefined;
  if (eventType === 'Bounce') {
    const bounce = obj(detail.bounce);
    if (!bounce) return undefined;
    if (bounce.bounceType !== 'Permanent') return { kind: 'soft_bounce', recipient };
    const address = firstAddress(bounce.bouncedRecipients, 'emailAddress');
    const at = time(bounce.timestamp);
    if (!address || !at) return undefined;
    const detailText = str(bounce.bounceSubType);
    return {
      kind: 'hard_bounce',
      recipient,
      address,
      at,
      sentAt,
      messageId,
      ...(detailText ? { detail: detailText } : {}),
    };
  }
  if (eventType === 'Complaint') {
    const complaint = obj(detail.complaint);
    if (!complaint) return undefined;
    const address = firstAddress(complaint.complainedRecipients, 'emailAddress');
    const at = time(complaint.timestamp);
    if (!address || !at) return undefined;
    const detailText = str(complaint.complaintFeedbackType);
    return {
      kind: 'complaint',
      recipient,
      address,
      at,
      sentAt,
      messageId,
      ...(detailText ? { detail: detailText } : {}),
    };
  }
  return undefined;
}
