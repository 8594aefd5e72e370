import { type Clock, systemClock } from '#shared/clock';
import { EmailSuppressedError, type SendEmail } from '#shared/email';
import { type CountMetric, countMetric } from '#shared/metrics';
import { assignmentEmail } from './assignment-email';
import { type DeliveryRecord, findDeliveryFacts, issueLink, recordDelivery } from './link-delivery-repository';
import type { AssignmentRef } from './link-repository';
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
const PERMANENT_SES_ERRORS = new Set(['MessageRejected', 'InvalidParameterValue', 'EmailSuppressed']);

/**
 * SES could not take the e-mail for now (throttled, unreachable …): the stream consumer lets the
 * record fail, so Lambda retries it (docs/security.md R22–R23). The assignment stays `pending`.
 */
/** E-mail statuses of a request that is settled without a sending: refused, or the address is suppressed. */
const UNDELIVERED = new Set(['failed', 'bounced', 'complained']);

export class EmailDeliveryError extends Error {
  override readonly name = 'EmailDeliveryError';
}

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
 *    the time, a `LinkEmailFailed` metric counted, and the outcome is `failed` (an address that
 *    bounced or complained before is refused by the send path: the assignment is marked `bounced`
 *    or `complained` instead, counted as `EmailSuppressed`): nothing throws, so
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
  const [assignment, item, account, assigner] = await findDeliveryFacts(ref, assignedBy);
  if (assignment?.status !== 'active' || assignment.linkRequestId !== linkRequestId) {
    return 'superseded';
  }
  if (assignment.sentLinkRequestId === linkRequestId) return 'already_sent';
  // Only a permanent refusal marks the current request failed (or bounced, complained); staff resend to try again.
  if (assignment.emailStatus !== undefined && UNDELIVERED.has(assignment.emailStatus)) return 'failed';
  // Deleting an item revokes its assignments in the same transaction, so this is a broken record.
  if (!item || !account) throw new Error('An active assignment has no item or account');

  const { token, hash } = newLinkToken();
  if (!(await issueLink(ref, linkRequestId, hash, clock()))) return 'superseded';

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
  email.recipient = {
    accountId: ref.accountId,
    kind: 'external',
    id: ref.externalUserId,
    item: { type: ref.type, id: ref.itemId },
  };
  // A request overtaken meanwhile (resent, re-added) keeps the newer request's state.
  const record = (outcome: DeliveryRecord) => recordDelivery(ref, linkRequestId, outcome, clock());
  try {
    await deps.send(email);
  } catch (error) {
    const reason = (error as Error).name || 'Error';
    // Not chained as `cause`: SES's message names the recipient, and addresses stay out of logs.
    if (!PERMANENT_SES_ERRORS.has(reason))
      throw new EmailDeliveryError(`SES did not take the assignment e-mail (${reason})`);
    // A suppressed address (it bounced or complained before) shows as that, not as a failure.
    await record(
      error instanceof EmailSuppressedError
        ? { sent: false, error: reason, status: error.state }
        : { sent: false, error: reason },
    );
    if (!(error instanceof EmailSuppressedError)) count('LinkEmailFailed', { reason });
    return 'failed';
  }
  await record({ sent: true });
  count('LinkEmailSent');
  return 'sent';
}
