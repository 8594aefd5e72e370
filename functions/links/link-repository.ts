import * as z from 'zod/mini';
import { type AssignableType, keys } from '#shared/data/keys';
import { getItem, putNew, type TransactItem, updateWrite } from '#shared/data/table';

/**
 * A link made for one request of an assignment (its activation or a resend), found by its token's
 * hash. It is never deleted and never changes: the assignment names the hash of its current link,
 * so a record whose hash the assignment no longer holds is a superseded link.
 */
export const linkRecordSchema = z.object({
  entity: z.literal('Link'),
  accountId: z.string(),
  itemType: z.enum(['job', 'incident']),
  itemId: z.string(),
  externalUserId: z.string(),
  linkRequestId: z.string(),
  createdAt: z.string(),
  version: z.int(),
});
export type LinkRecord = z.infer<typeof linkRecordSchema>;

/** The assignment a link belongs to. */
export interface AssignmentRef {
  type: AssignableType;
  accountId: string;
  itemId: string;
  externalUserId: string;
}

/** One GetItem (consistent): the link with this token hash, or undefined. */
export function findLink(tokenHash: string): Promise<LinkRecord | undefined> {
  return getItem(keys.link(tokenHash), linkRecordSchema);
}

/**
 * The writes of a new link, for one TransactWriteItems: the link record, and the assignment
 * naming it as its current link, provided the assignment is still active and still on the link
 * request the link was made for (a resend or a revocation meanwhile cancels the transaction).
 */
export function issueLinkWrites(
  ref: AssignmentRef,
  linkRequestId: string,
  tokenHash: string,
  now: Date,
): TransactItem[] {
  const at = now.toISOString();
  return [
    putNew({
      ...keys.link(tokenHash),
      entity: 'Link',
      accountId: ref.accountId,
      itemType: ref.type,
      itemId: ref.itemId,
      externalUserId: ref.externalUserId,
      linkRequestId,
      createdAt: at,
      version: 1,
    }),
    updateWrite(keys.assignment(ref.type, ref.accountId, ref.itemId, ref.externalUserId), {
      set: { linkHash: tokenHash, linkIssuedAt: at },
      expect: { status: 'active', linkRequestId },
      countVersion: false,
    }),
  ];
}

/**
 * The Update recording where a link request's e-mail is: sent (the request is marked as sent, so
 * a replayed stream record sends nothing) or failed (with SES's error name). Applies only while
 * the assignment is still on that request.
 */
export function deliveryOutcomeWrite(
  ref: AssignmentRef,
  linkRequestId: string,
  outcome: { sent: true } | { sent: false; error: string },
  now: Date,
): TransactItem {
  const at = now.toISOString();
  return updateWrite(keys.assignment(ref.type, ref.accountId, ref.itemId, ref.externalUserId), {
    set: outcome.sent
      ? { emailStatus: 'sent', emailSentAt: at, sentLinkRequestId: linkRequestId }
      : { emailStatus: 'failed', emailFailedAt: at, emailError: outcome.error },
    ...(outcome.sent ? { remove: ['emailFailedAt', 'emailError'] } : {}),
    expect: { linkRequestId },
    countVersion: false,
  });
}
