import { inAccount, segment } from './segments';
import type { PrimaryKey, QueryTarget } from './table-definition';

/*
 * Client report e-mails (issue 20): who gets one, which were sent, and the unsubscribe tokens
 * they carry. The subscriptions are the one list read across accounts (the hourly run reads them
 * all), so they live in one partition of their own, each row naming its account; a staff change
 * writes one row at most, and the run reads it page by page.
 */

const subscriptionsPartition = 'CLIENTREPORTS';
const subscriptionSk = (accountId: string, externalUserId: string, accessId: string) =>
  `${segment(accountId)}#${segment(externalUserId)}#${segment(accessId)}`;

/**
 * CRP-1, CRP-2, CRP-5: the row that says one client access's contact gets report e-mails (its
 * frequency, time zone, only-when-active), kept by the client access's writer in its transaction.
 */
export const clientReportSubscription = (accountId: string, externalUserId: string, accessId: string): PrimaryKey => ({
  pk: subscriptionsPartition,
  sk: subscriptionSk(accountId, externalUserId, accessId),
});

/**
 * CRP-1: every subscription of every account, in key order, or one account's (the local control
 * server's runs for tests): one Query of its partition, page by page.
 */
export const clientReportSubscriptions = (accountId?: string): QueryTarget => ({
  partition: { name: 'pk', value: subscriptionsPartition },
  ...(accountId !== undefined ? { sortKeyPrefix: { name: 'sk', value: `${segment(accountId)}#` } } : {}),
});

/**
 * CRP-3, CRP-4: the marker that one contact's report of one period was claimed (sent or skipped),
 * in the account's partition, kept for a while (TTL) so a second run of the schedule sends nothing.
 */
export const clientReportSent = (
  accountId: string,
  externalUserId: string,
  accessId: string,
  period: string,
): PrimaryKey =>
  inAccount(accountId, `EXTUSER#${segment(externalUserId)}#REPORT#${segment(accessId)}#${segment(period)}`);

/**
 * CRP-3, CRP-5: an unsubscribe token of a report e-mail, found by its SHA-256 (never the token):
 * like a link, a key without an account, as its bearer has none to name; the record names it.
 */
export const clientReportToken = (tokenHash: string): PrimaryKey => ({
  pk: `REPORTUNSUB#${segment(tokenHash)}`,
  sk: 'TOKEN',
});
