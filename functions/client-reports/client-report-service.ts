import { createHash, randomBytes } from 'node:crypto';
import { EmailSuppressedError } from '#shared/email';
import { logger } from '#shared/logger';
import { countMetrics } from '#shared/metrics';
import { findAccount } from '../accounts/account-repository';
import { activityScope, shownToClients } from '../clients/client-portal-access';
import {
  type DashboardRow,
  findClientContext,
  findJobsById,
  findNames,
  querySiteWindow,
} from '../clients/client-portal-repository';
import { hasActiveClientAccess } from '../external-users/client-access';
import {
  claimPeriod,
  findSubscriptions,
  type ReportSubscription,
  releasePeriod,
  wasClaimed,
} from './client-report-repository';
import { type ReportItem, reportEmail, type SendEmailWithHeaders } from './report-email';
import { duePeriod, type ReportPeriod } from './report-period';

/*
 * The hourly run of report e-mails (issue 20, seed 002). For each subscription (an active access
 * with reports on), the latest period due in the contact's time zone; unless it was claimed, the
 * report is read with the client's own reads and rules (CLP-1's records and checks, CLP-7's
 * window of the site's partition, the same scope and `shownToClients`: never a confidential,
 * archived or blocked sub-site's item), the period is claimed with a conditional write, and then
 * the e-mail is sent.
 *
 * At most once: the claim comes before the send, so two runs at once (or a retried one) send one
 * e-mail; a send that fails gives the claim back so the next hour tries again, and only a crash
 * between the claim and the send loses that period's e-mail (a report is a digest; a second copy
 * is worse than a missing one, which the portal's dashboard still shows).
 */

const typeOrder = ['job', 'incident', 'log'] as const;
/** The most items one report lists; the rest are counted ("…and 12 more"). */
export const maxListedItems = 25;
/** The most rows of one type a report reads, as the dashboard (then it counts the newest ones). */
const maxRowsPerType = 2000;

export interface ReportRunSettings {
  send: SendEmailWithHeaders;
  portalUrl: string;
  apiUrl: string;
}

/** What one run did, for its log line and metrics. */
export interface RunOutcome {
  sent: number;
  skipped: number;
  already: number;
  failed: number;
  ineligible: number;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The report of one subscription for one period: the contact, what it is of, the counts and items;
 * undefined when not eligible. Every kind of scope the access has is read as the client reads it:
 * its site (and the sub-sites granted) as the dashboard does, each of its customers' jobs due in the
 * period (CLP-7's window of the customer's partition, each row checked to be that customer's) and
 * its named jobs due in the period (CLP-4). Never a confidential or archived item; an item two
 * scopes give is counted once.
 */
async function readReport(subscription: ReportSubscription, period: ReportPeriod, now: Date) {
  const { accountId, externalUserId, accessId, siteId } = subscription;
  const context = await findClientContext(accountId, externalUserId, siteId !== undefined ? { siteId } : {});
  // As every client request: an active, not auto-disabled user with an active access; the terms accepted.
  if (!hasActiveClientAccess(context.user, context.clientAccess, now)) return undefined;
  if (context.currentTerms && context.acceptedTermsVersion !== context.currentTerms.termsVersion) return undefined;
  const access = context.clientAccess?.accesses.find((a) => a.id === accessId);
  if (access?.status !== 'active' || access.reportFrequency !== subscription.frequency) return undefined;
  if (!context.user) return undefined;
  // `[from, to)`: the window's bounds are inclusive, so it ends a millisecond before the next period.
  const range = { from: period.from.toISOString(), to: new Date(period.to.getTime() - 1).toISOString() };
  const reads: Promise<DashboardRow[]>[] = [];
  let site: { name: string } | undefined;
  if (access.site) {
    const scope = activityScope([access], context.site);
    if (!scope || !context.site) return undefined;
    site = context.site;
    const keep = (row: DashboardRow) =>
      shownToClients(row) &&
      scope.allows(row.siteId) &&
      ('siteTreeId' in scope.partition ? row.siteTreeId === scope.partition.siteTreeId : row.siteId === siteId);
    for (const type of typeOrder) {
      reads.push(querySiteWindow(accountId, type, scope.partition, range, maxRowsPerType, keep).then((r) => r.items));
    }
  }
  const customerIds = [...new Set(access.customerIds)];
  for (const customerId of customerIds) {
    const keep = (row: DashboardRow) => shownToClients(row) && row.customerId === customerId;
    reads.push(querySiteWindow(accountId, 'job', { customerId }, range, maxRowsPerType, keep).then((r) => r.items));
  }
  if (access.jobIds.length > 0) {
    reads.push(
      findJobsById(accountId, access.jobIds).then((jobs) =>
        jobs
          .filter((job) => shownToClients(job) && job.dueAt >= range.from && job.dueAt <= range.to)
          .map((job) => ({ type: 'job' as const, ...job, at: job.dueAt })),
      ),
    );
  }
  const [names, ...read] = await Promise.all([
    customerIds.length
      ? findNames(accountId, { categoryIds: [], customerIds, siteIds: [] })
      : Promise.resolve(undefined),
    ...reads,
  ]);
  const seen = new Set<string>();
  const rows = read.flat().filter((row) => {
    const key = `${row.type}/${row.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const counts = Object.fromEntries(
    typeOrder.map((type) => [type, { total: 0, byStatus: {} as Record<string, number> }]),
  ) as Record<(typeof typeOrder)[number], { total: number; byStatus: Record<string, number> }>;
  for (const row of rows) {
    const count = counts[row.type];
    count.total += 1;
    if (row.status !== undefined) count.byStatus[row.status] = (count.byStatus[row.status] ?? 0) + 1;
  }
  rows.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : 1));
  const customerNames = customerIds.flatMap((id) => {
    const name = names?.Customer.get(id);
    return name ? [name] : [];
  });
  const named = [...(site ? [site.name] : []), ...customerNames];
  const name = named.length ? named.join(', ') : 'your jobs';
  return { user: context.user, name, hasSite: site !== undefined, counts, rows };
}

/** Runs one subscription for the period due at `now`: sent, skipped (empty, only-when-active), already claimed, ineligible. */
async function runOne(
  subscription: ReportSubscription,
  now: Date,
  settings: ReportRunSettings,
  accountZone: (accountId: string) => Promise<string>,
): Promise<keyof RunOutcome> {
  const timeZone = subscription.timeZone ?? (await accountZone(subscription.accountId));
  const period = duePeriod(subscription.frequency, timeZone, now);
  // The first report is of the first whole period after reports were turned on.
  if (period.to.getTime() <= Date.parse(subscription.since)) return 'ineligible';
  if (await wasClaimed(subscription, period.key)) return 'already';
  const report = await readReport(subscription, period, now);
  if (!report) return 'ineligible';
  const totals = Object.fromEntries(typeOrder.map((type) => [type, report.counts[type].total]));
  if (report.rows.length === 0 && subscription.onlyWhenActive) {
    const claimed = await claimPeriod(subscription, { period: period.key, outcome: 'skipped', counts: totals }, now);
    return claimed ? 'skipped' : 'already';
  }
  const token = randomBytes(32).toString('base64url');
  const tokenHash = hashOf(token);
  const claimed = await claimPeriod(
    subscription,
    { period: period.key, outcome: 'sent', tokenHash, counts: totals },
    now,
  );
  if (!claimed) return 'already';
  const home = `${settings.portalUrl}/#/home`;
  // A site's item opens its site's dashboard; a customer's or a named job's, the client's home (their views).
  const dashboardOf = (siteId: string | undefined) => {
    const site = siteId ?? subscription.siteId;
    return site !== undefined && report.hasSite ? `${settings.portalUrl}/#/sites/${encodeURIComponent(site)}` : home;
  };
  const fromSite = (row: { siteId?: string | undefined; siteTreeId?: string | undefined }) =>
    subscription.siteId !== undefined && (row.siteId === subscription.siteId || row.siteTreeId === subscription.siteId);
  const items: ReportItem[] = report.rows.slice(0, maxListedItems).map((row) => ({
    type: row.type,
    title: row.title,
    at: row.at,
    status: row.status,
    url: fromSite(row) ? dashboardOf(row.siteId) : home,
  }));
  const email = reportEmail({
    to: report.user.email,
    recipient: { accountId: subscription.accountId, kind: 'external', id: subscription.externalUserId },
    givenName: report.user.givenName,
    siteName: report.name,
    hasSite: report.hasSite,
    frequency: subscription.frequency,
    periodLabel: period.label,
    timeZone,
    counts: report.counts,
    items,
    more: Math.max(0, report.rows.length - items.length),
    dashboardUrl: report.hasSite ? dashboardOf(subscription.siteId) : home,
    unsubscribePageUrl: `${settings.portalUrl}/#/unsubscribe/${token}`,
    oneClickUrl: `${settings.apiUrl}/client-reports/unsubscribe/${token}`,
  });
  try {
    await settings.send(email);
  } catch (error) {
    // An address that hard-bounced or complained gets nothing until staff correct it: the period
    // stays claimed, so the next runs do not try again (EmailSuppressed is counted by the sender).
    if (error instanceof EmailSuppressedError) return 'skipped';
    logger.warn('A report e-mail failed; the next run tries again', {
      accountId: subscription.accountId,
      externalUserId: subscription.externalUserId,
      period: period.key,
      reason: (error as Error).name,
    });
    await releasePeriod(subscription, period.key, tokenHash);
    return 'failed';
  }
  return 'sent';
}

/** Subscriptions one unit of work holds (one SQS message in AWS): a few seconds of sends. */
export const subscriptionsPerChunk = 25;

/** One unit of a run's work: the run's time and some of its subscriptions. */
export interface ReportChunk {
  time: string;
  subscriptions: ReportSubscription[];
}

/**
 * Runs some subscriptions of the run at `now`, ten at once: what one SQS message of the hourly
 * run asks for. Each is once per contact and period by its claim (CRP-3), so a message received
 * twice, or a chunk two runs both planned, sends nothing twice. Counted as metrics
 * (ClientReportSent, ClientReportSkipped, ClientReportFailed); nothing is audited, as nothing a
 * person did changed: the sent-marker records each send.
 */
export async function runSubscriptions(
  now: Date,
  settings: ReportRunSettings,
  subscriptions: readonly ReportSubscription[],
): Promise<RunOutcome> {
  const outcome: RunOutcome = { sent: 0, skipped: 0, already: 0, failed: 0, ineligible: 0 };
  // An access without a report time zone of its own takes its account's (one GetItem per account and chunk), else UTC.
  const zones = new Map<string, Promise<string>>();
  const accountZone = (id: string) => {
    let zone = zones.get(id);
    if (!zone) {
      zone = findAccount(id).then((account) => account?.timeZone ?? 'UTC');
      zones.set(id, zone);
    }
    return zone;
  };
  for (let i = 0; i < subscriptions.length; i += 10) {
    const results = await Promise.all(
      subscriptions.slice(i, i + 10).map((subscription) =>
        runOne(subscription, now, settings, accountZone).catch((error: Error) => {
          logger.error('A report could not be made', {
            accountId: subscription.accountId,
            externalUserId: subscription.externalUserId,
            error: error.message,
          });
          return 'failed' as const;
        }),
      ),
    );
    for (const result of results) outcome[result] += 1;
  }
  countMetrics(
    Object.fromEntries(
      Object.entries({
        ClientReportSent: outcome.sent,
        ClientReportSkipped: outcome.skipped,
        ClientReportFailed: outcome.failed,
      }).filter(([, n]) => n > 0),
    ),
  );
  return outcome;
}

/**
 * The hourly run's plan at `now`: every subscription (CRP-1, 200 a page), handed to `dispatch` a
 * page at a time in chunks of {@link subscriptionsPerChunk}. In AWS `dispatch` sends each chunk as
 * an SQS message that the same function then runs (`runSubscriptions`), many at once, so the run
 * takes seconds whatever the number of contacts; it answers how many subscriptions and chunks.
 */
export async function planClientReports(
  now: Date,
  dispatch: (chunks: ReportChunk[]) => Promise<void>,
  /** One account's subscriptions only: the local control server's runs for tests; EventBridge's runs name none. */
  accountId?: string,
): Promise<{ subscriptions: number; chunks: number }> {
  const plan = { subscriptions: 0, chunks: 0 };
  let cursor: string | undefined;
  do {
    const page = await findSubscriptions(cursor, accountId);
    const chunks: ReportChunk[] = [];
    for (let i = 0; i < page.items.length; i += subscriptionsPerChunk) {
      chunks.push({ time: now.toISOString(), subscriptions: page.items.slice(i, i + subscriptionsPerChunk) });
    }
    if (chunks.length) await dispatch(chunks);
    plan.subscriptions += page.items.length;
    plan.chunks += chunks.length;
    cursor = page.cursor;
  } while (cursor !== undefined);
  return plan;
}

/**
 * One whole run at `now` in this process: the plan, each chunk run here as its message would be,
 * the outcomes added up. What the local stack runs (it has no SQS), and what a deployment without
 * a queue would.
 */
export async function runClientReports(
  now: Date,
  settings: ReportRunSettings,
  accountId?: string,
): Promise<RunOutcome> {
  const total: RunOutcome = { sent: 0, skipped: 0, already: 0, failed: 0, ineligible: 0 };
  await planClientReports(
    now,
    async (chunks) => {
      for (const chunk of chunks) {
        const outcome = await runSubscriptions(new Date(chunk.time), settings, chunk.subscriptions);
        for (const key of Object.keys(total) as (keyof RunOutcome)[]) total[key] += outcome[key];
      }
    },
    accountId,
  );
  return total;
}
