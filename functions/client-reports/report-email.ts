import { awsError, awsService, sendSigned } from '#shared/aws-request';
import { type Email, escapeHtml } from '#shared/email';

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

function sesV2Error(status: number, text: string) {
  let body: { message?: unknown; Message?: unknown; __type?: unknown } = {};
  try {
    body = JSON.parse(text) ?? {};
  } catch {
    // Not JSON: the status names it.
  }
  const name =
    String(body.__type ?? '')
      .split('#')
      .pop() || (status >= 500 ? 'ServiceUnavailable' : `Http${status}`);
  const message = body.message ?? body.Message;
  return awsError(name, typeof message === 'string' ? message : `SES answered HTTP ${status}`, status);
}

/** Sends through SES v2 from `sender`, with the e-mail's headers; throttling and SES's own failures are tried again. */
export function sesV2Sender(sender: string): SendEmailWithHeaders {
  return async (email) => {
    const utf8 = (data: string) => ({ Data: data, Charset: 'UTF-8' });
    await sendSigned(sesV2, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        FromEmailAddress: sender,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: utf8(email.subject),
            Body: { Text: utf8(email.text), Html: utf8(email.html) },
            Headers: email.headers.map(({ name, value }) => ({ Name: name, Value: value })),
          },
        },
      }),
      errorOf: sesV2Error,
    });
  };
}

/** One item of a report, as it is listed. */
export interface ReportItem {
  type: 'job' | 'incident' | 'log';
  title: string;
  at: string;
  status?: string | undefined;
  /** Where the portal shows it: the dashboard of its site. */
  url: string;
}

/** What a report says: whose, which site, which period, the counts and the items. */
export interface Report {
  to: string;
  givenName: string;
  siteName: string;
  frequency: 'daily' | 'weekly';
  periodLabel: string;
  timeZone: string;
  counts: Record<'job' | 'incident' | 'log', { total: number; byStatus: Record<string, number> }>;
  items: ReportItem[];
  /** How many items there were beyond those listed. */
  more: number;
  /** The site's dashboard in the portal. */
  dashboardUrl: string;
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
  const emptyLine = 'Nothing happened at your site in this period.';
  const moreLine = report.more > 0 ? `…and ${report.more} more in the portal.` : undefined;
  const counts = countLines(report);
  const lines = report.items.map(itemLine);
  const text = [
    intro,
    counts.join('\n'),
    ...(empty ? [emptyLine] : [lines.map((line, i) => `- ${line}: ${report.items[i]?.url}`).join('\n')]),
    ...(moreLine ? [moreLine] : []),
    `Open the site's dashboard: ${report.dashboardUrl}`,
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
    `<p><a href="${escapeHtml(report.dashboardUrl)}">Open the site's dashboard</a></p>`,
    `<p><a href="${escapeHtml(report.unsubscribePageUrl)}">Stop these e-mails</a></p>`,
  ].join('\n');
  return {
    to: report.to,
    subject,
    text,
    html,
    headers: [
      { name: 'List-Unsubscribe', value: `<${report.oneClickUrl}>` },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ],
  };
}
