import * as z from 'zod/mini';
import { type Clock, systemClock } from '#shared/clock';
import { keys } from '#shared/data/keys';
import { getItem, transactWrite, updateOne } from '#shared/data/table';
import type { SendEmail } from '#shared/email';
import { assignmentEmail } from './assignment-email';
import { type AssignmentRef, deliveryOutcomeWrite, issueLinkWrites } from './link-repository';
import { linkUrl, newLinkToken } from './link-token';

/** What delivering a link needs from outside: the e-mail sender, the portal's URL, the time. */
export interface LinkDeliveryDeps {
  send: SendEmail;
  portalUrl: string;
  clock?: Clock;
}

/** What became of a link request: e-mailed now, e-mailed before (a replay), or overtaken. */
export type DeliveryOutcome = 'sent' | 'already_sent' | 'superseded';

/**
 * SES refused the e-mail. The assignment shows `emailStatus: failed`; the stream consumer lets
 * the record fail so that Lambda retries it, then dead-letters it (SECURITY.md R22–R23).
 */
export class EmailDeliveryError extends Error {
  override readonly name = 'EmailDeliveryError';
}

// Only the fields the e-mail needs: the consumer's bundle stays small without the full contracts.
const accountFacts = z.object({ name: z.string() });
const assignerFacts = z.object({ givenName: z.string(), familyName: z.string() });
const assignmentFacts = z.object({
  status: z.string(),
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
 *    marked sent is a replay: nothing is sent;
 * 2. makes a token (CSPRNG) and, in one transaction, the link record by the token's hash and the
 *    assignment naming it, still conditional on the request being current;
 * 3. sends the e-mail, then marks the request sent. If SES throws, the assignment is marked
 *    `failed` and EmailDeliveryError thrown; the retry makes a new link (the unsent one is
 *    superseded by it, since the token was never stored).
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
    await record({ sent: false, error: reason });
    // Not chained as `cause`: SES's message names the recipient, and addresses stay out of logs.
    throw new EmailDeliveryError(`SES refused the assignment e-mail (${reason})`);
  }
  await record({ sent: true });
  return 'sent';
}
