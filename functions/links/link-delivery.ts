import * as z from 'zod/mini';
import { type Clock, systemClock } from '#shared/clock';
import { keys } from '#shared/data/keys';
import { getItem, transactWrite, updateOne } from '#shared/data/table';
import type { SendEmail } from '#shared/email';
import { type CountMetric, countMetric } from '#shared/metrics';
import { assignmentEmail } from './assignment-email';
import { type AssignmentRef, deliveryOutcomeWrite, issueLinkWrites } from './link-repository';
import { linkUrl, newLinkToken } from './link-token';

/** What delivering a link needs from outside: the e-mail sender, the portal's URL, the time, a metric. */
export interface LinkDeliveryDeps {
  send: SendEmail;
  portalUrl: string;
  clock?: Clock;
  /** @default an EMF line on stdout */
  count?: CountMetric;
}

/**
 * What became of a link request: e-mailed now, e-mailed before (a replay), overtaken, or refused
 * for good (now or before).
 */
export type DeliveryOutcome = 'sent' | 'already_sent' | 'superseded' | 'failed';

/**
 * SES errors that are about this one message and will never succeed on a retry: the recipient is
 * refused (suppressed, not verified in the sandbox …) or the address is invalid. Anything else
 * (throttling, a network error, a 5xx, or a configuration problem that stops every e-mail) is
 * worth retrying, and a record dead-lettered for it can be replayed once it is fixed.
 */
const PERMANENT_SES_ERRORS = new Set(['MessageRejected', 'InvalidParameterValue']);

/**
 * SES could not take the e-mail for now (throttled, unreachable …): the stream consumer lets the
 * record fail, so Lambda retries it (docs/security.md R22–R23). The assignment stays `pending`.
 */
export class EmailDeliveryError extends Error {
  override readonly name = 'EmailDeliveryError';
}

// Only the fields the e-mail needs: the consumer's bundle stays small without the full contracts.
const accountFacts = z.object({ name: z.string() });
const assignerFacts = z.object({ givenName: z.string(), familyName: z.string() });
const assignmentFacts = z.object({
  status: z.string(),
  emailStatus: z.optional(z.string()),
  email: z.string(),
  givenName: z.string(),
  linkRequestId: z.optional(z.string()),
  sentLinkRequestId: z.optional(z.string()),
});
const itemFacts = z.object({
  title: z.string(),
  dueAt: z.optional(z.string()),
  location: z.object({ text: z.string() }),
});

class Overtaken extends Error {}

/**
 * E-mails the link of one link request of an assignment (its activation or a resend), exactly
 * once per request as far as this side can tell:
 * 1. reads the assignment, the item, the account and the assigner in parallel; a request that is
 *    no longer the assignment's current one (revoked, resent) is overtaken, and one already
 *    marked sent or failed is a replay: nothing is sent;
 * 2. makes a token (CSPRNG) and, in one transaction, the link record by the token's hash and the
 *    assignment naming it, still conditional on the request being current;
 * 3. sends the e-mail, then marks the request sent and counts `LinkEmailSent`. If SES refuses it
 *    for good (PERMANENT_SES_ERRORS), the assignment is marked `failed` with SES's error name and
 *    the time, a `LinkEmailFailed` metric counted, and the outcome is `failed`: nothing throws, so
 *    one bad address never holds up the records after it. Any other error throws EmailDeliveryError and the record is retried;
 *    the retry makes a new link (the unsent one is superseded by it, since the token was never
 *    stored).
 * A crash between 3's send and its mark would send the e-mail again on retry, with a new link
 * that supersedes the first: SES takes no idempotency key, and a second e-mail is better than
 * none.
 */
export async function deliverAssignmentLink(
  ref: AssignmentRef,
  linkRequestId: string,
  assignedBy: string,
  deps: LinkDeliveryDeps,
): Promise<DeliveryOutcome> {
  const clock = deps.clock ?? systemClock;
  const count = deps.count ?? countMetric;
  const [assignment, item, account, assigner] = await Promise.all([
    getItem(keys.assignment(ref.type, ref.accountId, ref.itemId, ref.externalUserId), assignmentFacts),
    getItem(keys.workItem(ref.type, ref.accountId, ref.itemId), itemFacts),
    getItem(keys.account(ref.accountId), accountFacts),
    getItem(keys.staffUser(ref.accountId, assignedBy), assignerFacts),
  ]);
  if (assignment?.status !== 'active' || assignment.linkRequestId !== linkRequestId) {
    return 'superseded';
  }
  if (assignment.sentLinkRequestId === linkRequestId) return 'already_sent';
  // Only a permanent refusal marks the current request failed; staff resend to try again.
  if (assignment.emailStatus === 'failed') return 'failed';
  // Deleting an item revokes its assignments in the same transaction, so this is a broken record.
  if (!item || !account) throw new Error('An active assignment has no item or account');

  const { token, hash } = newLinkToken();
  try {
    await transactWrite(issueLinkWrites(ref, linkRequestId, hash, clock()), () => new Overtaken());
  } catch (error) {
    if (error instanceof Overtaken) return 'superseded';
    throw error;
  }

  const email = assignmentEmail({
    to: assignment.email,
    givenName: assignment.givenName,
    itemType: ref.type,
    title: item.title,
    ...(ref.type === 'job' && item.dueAt ? { dueAt: item.dueAt } : {}),
    location: item.location.text,
    assignedBy: assigner ? `${assigner.givenName} ${assigner.familyName}` : 'A colleague',
    accountName: account.name,
    link: linkUrl(deps.portalUrl, token),
  });
  // A request overtaken meanwhile (resent, re-added) keeps the newer request's state.
  const record = (outcome: Parameters<typeof deliveryOutcomeWrite>[2]) =>
    updateOne(deliveryOutcomeWrite(ref, linkRequestId, outcome, clock()), () => new Overtaken()).catch((e) => {
      if (!(e instanceof Overtaken)) throw e;
    });
  try {
    await deps.send(email);
  } catch (error) {
    const reason = (error as Error).name || 'Error';
    // Not chained as `cause`: SES's message names the recipient, and addresses stay out of logs.
    if (!PERMANENT_SES_ERRORS.has(reason))
      throw new EmailDeliveryError(`SES did not take the assignment e-mail (${reason})`);
    await record({ sent: false, error: reason });
    count('LinkEmailFailed', { reason });
    return 'failed';
  }
  await record({ sent: true });
  count('LinkEmailSent');
  return 'sent';
}
