import * as z from 'zod/mini';
import { clientReportSent, clientReportSubscriptions, clientReportToken } from '#shared/data/keys';
import { deleteItem, getItem, type Page, putNew, queryPage, tryTransact } from '#shared/data/table';

/*
 * What report e-mails read and write besides the client's own reads (CRP patterns in
 * docs/data-model.md): the subscriptions the client access's writer keeps, a sent-marker per
 * contact and period, and the unsubscribe tokens the e-mails carry.
 */

/** How long a sent-marker and an unsubscribe token are kept (TTL): long after any second run of a period. */
const keepSeconds = 60 * 86_400;

const subscriptionSchema = z.object({
  accountId: z.string(),
  externalUserId: z.string(),
  accessId: z.string(),
  /** The access's site, when it has one (its customers and named jobs are read from the access itself). */
  siteId: z.optional(z.string()),
  frequency: z.enum(['daily', 'weekly']),
  onlyWhenActive: z.boolean(),
  /** The access's own report time zone; absent: the account's (or UTC). */
  timeZone: z.optional(z.string()),
  since: z.string(),
});
export type ReportSubscription = z.infer<typeof subscriptionSchema>;

/** CRP-1: one page (up to 200) of every account's report subscriptions (or one account's), in key order. */
export function findSubscriptions(cursor?: string, accountId?: string): Promise<Page<ReportSubscription>> {
  return queryPage(clientReportSubscriptions(accountId), subscriptionSchema, {
    limit: 200,
    ...(cursor !== undefined ? { cursor } : {}),
  });
}

/** CRP-4, one GetItem (CRP-3's condition is what makes a claim hold; this spares the reads): whether the period was claimed. */
export async function wasClaimed(subscription: ReportSubscription, period: string): Promise<boolean> {
  const { accountId, externalUserId, accessId } = subscription;
  const marker = await getItem(
    clientReportSent(accountId, externalUserId, accessId, period),
    z.object({ period: z.string() }),
  );
  return marker !== undefined;
}

const expiry = (now: Date) => Math.floor(now.getTime() / 1000) + keepSeconds;

/**
 * CRP-3, one TransactWriteItems: the period's sent-marker, only while there is none
 *, and the unsubscribe token the e-mail will carry (its SHA-256),
 * both expiring after 60 days. Answers false when the period was claimed already: by an earlier
 * run, or by a run at the same moment (one of two concurrent transactions fails its condition).
 */
export async function claimPeriod(
  subscription: ReportSubscription,
  claim: { period: string; outcome: 'sent' | 'skipped'; tokenHash?: string; counts: Record<string, number> },
  now: Date,
): Promise<boolean> {
  const { accountId, externalUserId, accessId } = subscription;
  const expiresAt = expiry(now);
  const failed = await tryTransact([
    {
      name: 'marker',
      write: putNew({
        ...clientReportSent(accountId, externalUserId, accessId, claim.period),
        entity: 'ClientReportSent',
        externalUserId,
        accessId,
        period: claim.period,
        outcome: claim.outcome,
        counts: claim.counts,
        claimedAt: now.toISOString(),
        expiresAt,
      }),
    },
    ...(claim.tokenHash
      ? [
          {
            name: 'token',
            write: putNew({
              ...clientReportToken(claim.tokenHash),
              entity: 'ClientReportToken',
              accountId,
              externalUserId,
              accessId,
              period: claim.period,
              // Read back to refuse an expired token (the TTL attribute itself is never read back).
              validUntil: new Date(expiresAt * 1000).toISOString(),
              expiresAt,
            }),
          },
        ]
      : []),
  ]);
  return failed === undefined;
}

/** CRP-3: gives a claimed period back (its send failed), so the next hourly run tries it again. */
export async function releasePeriod(subscription: ReportSubscription, period: string, tokenHash: string) {
  const { accountId, externalUserId, accessId } = subscription;
  await tryTransact([
    { name: 'marker', write: deleteItem(clientReportSent(accountId, externalUserId, accessId, period)) },
    { name: 'token', write: deleteItem(clientReportToken(tokenHash)) },
  ]);
}

const tokenSchema = z.object({
  accountId: z.string(),
  externalUserId: z.string(),
  accessId: z.string(),
  validUntil: z.string(),
});

/** CRP-5, one GetItem (consistent): whom an unsubscribe token (by its SHA-256) is for, if it is one and not expired. */
export async function findUnsubscribeToken(tokenHash: string, now: Date) {
  const found = await getItem(clientReportToken(tokenHash), tokenSchema);
  // DynamoDB removes expired items within days, not at once: an expired one is no longer a token.
  return found && Date.parse(found.validUntil) > now.getTime() ? found : undefined;
}
