import { awsService, jsonError, sendSigned } from '#shared/aws-request';
import { findDeliverability } from '#shared/data/deliverability-store';
import { type Email, EmailSuppressedError, escapeHtml, type Recipient } from '#shared/email';
import { countMetric } from '#shared/metrics';

/*
 * A report e-mail goes out through SES v2's SendEmail (a JSON request, signed like the others in
 * shared/aws-request.ts), not v1's, because v2's simple content takes headers: the report carries
 * `List-Unsubscribe` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), so a mail
 * client's own unsubscribe button works without opening anything. v1's SendEmail takes no headers
 * (only SendRawEmail, a whole MIME message), and `ses:SendEmail` covers both versions.
 */

const ses = awsService('ses', 'AWS_ENDPOINT_URL_SES', 'email');
const sesV2: typeof ses = {
  signingName: 'ses',
  get endpoint() {
    return new URL('/v2/email/outbound-emails', ses.endpoint);
  },
};

/** An e-mail with headers of its own (SES v2 refuses the ones it sets itself, like From and To). */
export interface EmailWithHeaders extends Email {
  headers: { name: string; value: string }[];
}

export type SendEmailWithHeaders = (email: EmailWithHeaders) => Promise<void>;

/**
 * Sends through SES v2 from `sender`, in the configuration set `configurationSet` (bounce and
 * complaint events, tagged with the recipient as `sesSender` in shared/email.ts tags them), with
 * the e-mail's headers; throttling and SES's own failures are tried again. A recipient whose
 * address hard-bounced or complained is refused with EmailSuppressedError, nothing sent.
 */
export function sesV2Sender(sender: string, configurationSet: string): SendEmailWithHeaders {
  return async (email) => {
    if (email.recipient) {
      const state = (await findDeliverability(email.recipient))?.status;
      if (state === 'bounced' || state === 'complained') {
        countMetric('EmailSuppressed', { state, recipientKind: email.recipient.kind });
        throw new EmailSuppressedError(state);
      }
    }
    const utf8 = (data: string) => ({ Data: data, Charset: 'UTF-8' });
    await sendSigned(sesV2, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        FromEmailAddress: sender,
        Destination: { ToAddresses: [email.to] },
        ConfigurationSetName: configurationSet,
        EmailTags: recipientTags(email.recipient),
        Content: {
          Simple: {
            Subject: utf8(email.subject),
            Body: { Text: utf8(email.text), Html: utf8(email.html) },
            Headers: email.headers.map(({ name, value }) => ({ Name: name, Value: value })),
          },
        },
      }),
      errorOf: jsonError,
    });
  };
}

/** The recipient as SES v2 message tags, which SES copies into every event of the message. */
const recipientTags = (recipient: Recipient | undefined) =>
  recipient
    ? [
        { Name: 'accountId', Value: recipient.accountId.replace(/[^\w-]/g, '_') },
        { Name: 'recipientKind', Value: recipient.kind },
        { Name: 'recipientId', Value: recipient.id.replace(/[^\w-]/g, '_') },
      ]
    : [];

/** One item of a report, as it is listed. */
export interface ReportItem {
  type: 'job' | 'incident' | 'log';
  title: string;
  at: string;
  status?: string | undefined;
  /** Where the portal shows it: the dashboard of its site, or the client's home (a customer's or a named job). */
  url: string;
}

/** What a report says: whose, of what (a site, customers, named jobs), which period, the counts and the items. */
export interface Report {
  to: string;
  /** Whom it goes to: checked against suppression, and tagged for SES's events. */
  recipient?: Recipient;
  givenName: string;
  /** What the report is of: the site's name, and the customers' (or "your jobs"). */
  siteName: string;
  frequency: 'daily' | 'weekly';
  periodLabel: string;
  timeZone: string;
  counts: Record<'job' | 'incident' | 'log', { total: number; byStatus: Record<string, number> }>;
  items: ReportItem[];
  /** How many items there were beyond those listed. */
  more: number;
  /** The site's dashboard in the portal; without a site, the client's home. */
  dashboardUrl: string;
  /** Whether the access has a site (its dashboard), or only customers and named jobs (home). */
  hasSite: boolean;
  /** The page that confirms an unsubscribe (the portal's `#/unsubscribe/<token>`). */
  unsubscribePageUrl: string;
  /** The one-click unsubscribe (RFC 8058): the API route a POST unsubscribes at. */
  oneClickUrl: string;
}

const typeNames = { job: 'Jobs', incident: 'Incidents', log: 'Logs' } as const;
const itemNames = { job: 'Job', incident: 'Incident', log: 'Log' } as const;

/** The counts as lines: "Jobs: 3 (open 2, completed 1)". */
function countLines(report: Report): string[] {
  return (['job', 'incident', 'log'] as const).map((type) => {
    const { total, byStatus } = report.counts[type];
    const statuses = Object.entries(byStatus)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([status, n]) => `${status.replace(/_/g, ' ')} ${n}`);
    return `${typeNames[type]}: ${total}${statuses.length ? ` (${statuses.join(', ')})` : ''}`;
  });
}

const itemLine = (item: ReportItem) =>
  `${itemNames[item.type]}: ${item.title}${item.status ? ` (${item.status.replace(/_/g, ' ')})` : ''} — ${item.at.slice(0, 16).replace('T', ' ')} UTC`;

/** The report as an e-mail in plain text and HTML (every user-typed text escaped), with its unsubscribe headers. */
export function reportEmail(report: Report): EmailWithHeaders {
  const empty = report.items.length === 0;
  const what = report.frequency === 'daily' ? 'Daily' : 'Weekly';
  const subject = `${what} report for ${report.siteName}: ${report.periodLabel}`.replace(/\s+/g, ' ');
  const intro = `Hello ${report.givenName}, here is the ${report.frequency} report of ${report.siteName} for ${report.periodLabel} (${report.timeZone}).`;
  const emptyLine = report.hasSite
    ? 'Nothing happened at your site in this period.'
    : 'Nothing was due or happened in this period.';
  const openLabel = report.hasSite ? "Open the site's dashboard" : 'Open your portal';
  const moreLine = report.more > 0 ? `…and ${report.more} more in the portal.` : undefined;
  const counts = countLines(report);
  const lines = report.items.map(itemLine);
  const text = [
    intro,
    counts.join('\n'),
    ...(empty ? [emptyLine] : [lines.map((line, i) => `- ${line}: ${report.items[i]?.url}`).join('\n')]),
    ...(moreLine ? [moreLine] : []),
    `${openLabel}: ${report.dashboardUrl}`,
    `Stop these e-mails: ${report.unsubscribePageUrl}`,
  ].join('\n\n');
  const html = [
    `<p>${escapeHtml(intro)}</p>`,
    `<ul>${counts.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`,
    empty
      ? `<p>${escapeHtml(emptyLine)}</p>`
      : `<ul>${report.items
          .map((item, i) => `<li><a href="${escapeHtml(item.url)}">${escapeHtml(lines[i] as string)}</a></li>`)
          .join('')}</ul>`,
    ...(moreLine ? [`<p>${escapeHtml(moreLine)}</p>`] : []),
    `<p><a href="${escapeHtml(report.dashboardUrl)}">${escapeHtml(openLabel)}</a></p>`,
    `<p><a href="${escapeHtml(report.unsubscribePageUrl)}">Stop these e-mails</a></p>`,
  ].join('\n');
  return {
    to: report.to,
    ...(report.recipient ? { recipient: report.recipient } : {}),
    subject,
    text,
    html,
    headers: [
      { name: 'List-Unsubscribe', value: `<${report.oneClickUrl}>` },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ],
  };
}
