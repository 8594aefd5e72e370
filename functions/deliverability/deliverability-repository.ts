import { assignment, externalUser, staffUser } from '#shared/data/keys';
import { type Condition, presentAnd, type Step, tryTransact, updateFields } from '#shared/data/table';
import type { Recipient } from '#shared/email';

/** What a recipient record's `deliverability` holds (docs/data-model.md, DLV-1 and DLV-3). */
export interface Deliverability {
  /** `bounced` and `complained` stop every further e-mail; `deliverable` follows a reset. */
  status: 'bounced' | 'complained' | 'deliverable';
  reason: 'hard_bounce' | 'complaint' | 'reset';
  /** When SES reported it, or when staff reset it. */
  at: string;
  /** SES's finer reason (bounce subtype, complaint feedback type). */
  detail?: string;
  /** The SES message the event was about. */
  messageId?: string;
  /** The staff user who reset it. */
  resetBy?: string;
}

const recipientKey = (recipient: Recipient) =>
  recipient.kind === 'external'
    ? externalUser(recipient.accountId, recipient.id)
    : staffUser(recipient.accountId, recipient.id);

/**
 * Marks the record undeliverable while it is still the address SES named, and nothing marks it
 * yet, or only a reset made after this message was sent: a replayed event, a second event of the
 * same message or one of a message sent before a reset writes nothing.
 */
const markable = (address: string, sentAt: string): Condition =>
  presentAnd({
    expression: '#email = :address AND (attribute_not_exists(#d) OR (#d.#s = :deliverable AND #d.#at < :sentAt))',
    names: { '#email': 'email', '#d': 'deliverability', '#s': 'status', '#at': 'at' },
    values: { ':address': address, ':deliverable': 'deliverable', ':sentAt': sentAt },
  });

/**
 * DLV-1: one TransactWriteItems marking the recipient record (external or staff user)
 * `deliverability` and, for a link's e-mail, the assignment's `emailStatus` (`bounced` or
 * `complained`) with `emailUndeliverableAt`. Answers whether anything was written: false for an
 * event already applied (or stale, or naming a record that is not the address's). An assignment
 * that is gone does not hold up the recipient's mark.
 */
export async function markUndeliverable(
  recipient: Recipient,
  address: string,
  sentAt: string,
  deliverability: Deliverability,
): Promise<boolean> {
  const mark: Step = {
    name: 'recipient',
    write: updateFields(recipientKey(recipient), {
      set: { deliverability },
      condition: markable(address, sentAt),
    }),
  };
  const item = recipient.kind === 'external' ? recipient.item : undefined;
  const steps: Step[] = item
    ? [
        mark,
        {
          name: 'assignment',
          write: updateFields(assignment(item.type, recipient.accountId, item.id, recipient.id), {
            set: { emailStatus: deliverability.status, emailUndeliverableAt: deliverability.at },
            condition: presentAnd({
              expression: '#x = :x',
              names: { '#x': 'externalUserId' },
              values: { ':x': recipient.id },
            }),
          }),
        },
      ]
    : [mark];
  const failed = await tryTransact(steps);
  if (!failed) return true;
  if (failed.has('recipient') || steps.length === 1) return false;
  return (await tryTransact([mark])) === undefined;
}

/**
 * DLV-3 (an external user) and DLV-4 (a staff user): one conditional UpdateItem setting the
 * record's `deliverability` to `deliverable` (by whom, when) while it is `bounced` or
 * `complained`; answers whether it did.
 */
export async function resetDeliverability(recipient: Omit<Recipient, 'item'>, by: string, at: string) {
  const failed = await tryTransact([
    {
      name: 'recipient',
      write: updateFields(recipientKey(recipient), {
        set: { deliverability: { status: 'deliverable', reason: 'reset', at, resetBy: by } satisfies Deliverability },
        condition: presentAnd({
          expression: '#d.#s IN (:bounced, :complained)',
          names: { '#d': 'deliverability', '#s': 'status' },
          values: { ':bounced': 'bounced', ':complained': 'complained' },
        }),
      }),
    },
  ]);
  return failed === undefined;
}
