import * as z from 'zod/mini';
import {
  account as accountKey,
  assignment as assignmentKey,
  link as linkKey,
  staffUser,
  workItem,
} from '#shared/data/keys';
import { getItem, presentAnd, putNew, type Step, tryTransact, updateFields, updateIf } from '#shared/data/table';
import { lazySchema } from '#shared/lazy-schema';
import type { AssignmentRef } from './link-repository';

// The data access of a link's e-mail, made by the stream consumer. Only the fields the e-mail
// needs are read: the consumer's bundle stays small without the full contracts.
const accountFacts = /* @__PURE__ */ lazySchema(() => z.object({ name: z.string() }));
const assignerFacts = /* @__PURE__ */ lazySchema(() => z.object({ givenName: z.string(), familyName: z.string() }));
const assignmentFacts = /* @__PURE__ */ lazySchema(() =>
  z.object({
    status: z.string(),
    emailStatus: z.optional(z.string()),
    email: z.string(),
    givenName: z.string(),
    linkRequestId: z.optional(z.string()),
    sentLinkRequestId: z.optional(z.string()),
  }),
);
const itemFacts = /* @__PURE__ */ lazySchema(() =>
  z.object({
    title: z.string(),
    dueAt: z.optional(z.string()),
    location: z.object({ text: z.string() }),
  }),
);

/**
 * Four GetItems in parallel: what a link's e-mail is made from, the assignment, its item, the
 * account and the staff user who assigned; each undefined when not stored.
 */
export function findDeliveryFacts(ref: AssignmentRef, assignedBy: string) {
  return Promise.all([
    getItem(assignmentKey(ref.type, ref.accountId, ref.itemId, ref.externalUserId), assignmentFacts),
    getItem(workItem(ref.type, ref.accountId, ref.itemId), itemFacts),
    getItem(accountKey(ref.accountId), accountFacts),
    getItem(staffUser(ref.accountId, assignedBy), assignerFacts),
  ]);
}

/**
 * One TransactWriteItems: a new link record by its token's hash, and the assignment naming it as
 * its current link, provided the assignment is still active and still on the link request the
 * link was made for. Answers false when a resend or a revocation meanwhile cancelled it.
 */
export async function issueLink(
  ref: AssignmentRef,
  linkRequestId: string,
  tokenHash: string,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const steps: Step[] = [
    {
      name: 'link',
      write: putNew({
        ...linkKey(tokenHash),
        entity: 'Link',
        accountId: ref.accountId,
        itemType: ref.type,
        itemId: ref.itemId,
        externalUserId: ref.externalUserId,
        linkRequestId,
        createdAt: at,
        version: 1,
      }),
    },
    {
      name: 'assignment',
      // Bookkeeping of the consumer's, not a change anyone made: the version is not counted on.
      write: updateFields(assignmentKey(ref.type, ref.accountId, ref.itemId, ref.externalUserId), {
        set: { linkHash: tokenHash, linkIssuedAt: at },
        condition: presentAnd({
          expression: '#status = :active AND #request = :request',
          names: { '#status': 'status', '#request': 'linkRequestId' },
          values: { ':active': 'active', ':request': linkRequestId },
        }),
      }),
    },
  ];
  return (await tryTransact(steps)) === undefined;
}

/**
 * Where a link request's e-mail is: sent, or refused for good with SES's error name (or the send
 * path's `EmailSuppressed`, with the address's state: `bounced` or `complained`).
 */
export type DeliveryRecord = { sent: true } | { sent: false; error: string; status?: 'bounced' | 'complained' };

/**
 * One conditional UpdateItem recording where a link request's e-mail is: sent (the request is
 * marked as sent, so a replayed stream record sends nothing) or failed (with SES's error name).
 * Applies only while the assignment is still on that request: one overtaken meanwhile (resent,
 * re-added) keeps the newer request's state, and nothing is written; so does one SES already
 * reported bounced or complained (DLV-1 may land before this write).
 */
export function recordDelivery(ref: AssignmentRef, linkRequestId: string, outcome: DeliveryRecord, now: Date) {
  const at = now.toISOString();
  return updateIf(
    updateFields(assignmentKey(ref.type, ref.accountId, ref.itemId, ref.externalUserId), {
      set: outcome.sent
        ? {
            emailStatus: 'sent',
            emailSentAt: at,
            sentLinkRequestId: linkRequestId,
            emailFailedAt: undefined,
            emailError: undefined,
          }
        : { emailStatus: outcome.status ?? 'failed', emailFailedAt: at, emailError: outcome.error },
      // SES's report of a bounce or complaint of this very e-mail may land first: it stays.
      condition: presentAnd({
        expression: '#request = :request AND NOT (#status IN (:bounced, :complained))',
        names: { '#request': 'linkRequestId', '#status': 'emailStatus' },
        values: { ':request': linkRequestId, ':bounced': 'bounced', ':complained': 'complained' },
      }),
    }),
  );
}
