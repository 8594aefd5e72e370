import { awsError, awsService, sendSigned } from './aws-request';
import { findDeliverability, type Recipient } from './data/deliverability-store';
import { type CountMetric, countMetric } from './metrics';

export type { Recipient } from './data/deliverability-store';

/** One e-mail to one person, in plain text and HTML. */
export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * Whom it goes to, as FieldPass knows them: travels with the e-mail as SES message tags, so the
   * bounce, complaint and delivery events name the record to mark (functions/deliverability/),
   * and is checked before sending: an address that hard-bounced or complained gets nothing more.
   */
  recipient?: Recipient;
  /**
   * The sender read the recipient's deliverability itself just before, in the same flow (the
   * one-time code: the code request refuses a suppressed address before it writes the send's
   * ticket), so the send does not read it again.
   */
  deliverabilityChecked?: boolean;
}

/** Deliverability states that stop every further e-mail to the address until staff reset it. */
export const suppressingStates = ['bounced', 'complained'] as const;
export type SuppressingState = (typeof suppressingStates)[number];

/**
 * The e-mail was not sent: its recipient's address hard-bounced or complained before
 * (`deliverability.status`). Permanent for this message; staff correct it (docs/operations.md).
 */
export class EmailSuppressedError extends Error {
  override readonly name = 'EmailSuppressed';
  constructor(readonly state: SuppressingState) {
    super(`The recipient's address is suppressed (${state})`);
  }
}

/** Sends one e-mail; throws what SES threw when it refuses (the error's `name` is SES's error code). */
export type SendEmail = (email: Email) => Promise<void>;

/*
 * SES's SendEmail, sent as one signed HTTPS request (the SES Query API, shared/aws-request.ts)
 * rather than through `@aws-sdk/client-ses`: the client and its XML protocol add about 25 kB to the
 * stream consumer and the code-sending trigger, while SendEmail is one form post. Locally the
 * endpoint is the SES stand-in's (AWS_ENDPOINT_URL_SES), as for an SDK client. See docs/decisions/0002.
 */
const ses = awsService('ses', 'AWS_ENDPOINT_URL_SES', 'email');

/** An error named by SES's error code, from its Query protocol's XML answer. */
function sesError(status: number, body: string) {
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? (status >= 500 ? 'ServiceUnavailable' : `Http${status}`);
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1] ?? `SES answered HTTP ${status}`;
  return awsError(code, message, status);
}

/** SES message tag values allow letters, digits, `_`, `-` (and `.`, `@` in SES v2): ids are kept to that. */
const tagValue = (value: string) => value.replace(/[^\w-]/g, '_').slice(0, 256);

/** The recipient as SES message tags (`Tags.member.N`), which SES copies into every event of the message. */
function recipientTags(recipient: Recipient | undefined): [string, string][] {
  if (!recipient) return [];
  const tags: [string, string][] = [
    ['accountId', recipient.accountId],
    ['recipientKind', recipient.kind],
    ['recipientId', recipient.id],
    ...(recipient.item
      ? ([
          ['itemType', recipient.item.type],
          ['itemId', recipient.item.id],
        ] as [string, string][])
      : []),
  ];
  return tags.flatMap(([name, value], i) => [
    [`Tags.member.${i + 1}.Name`, name],
    [`Tags.member.${i + 1}.Value`, tagValue(value)],
  ]);
}

/**
 * Sends through SES from `sender`, an identity verified in SES, in the configuration set
 * `configurationSet` (whose event destination reports bounces, complaints and deliveries);
 * throttling and SES's own failures are tried again. An e-mail naming its recipient is first
 * checked against the recipient's record (one GetItem): a hard-bounced or complaining address is
 * refused with EmailSuppressedError and counted as `EmailSuppressed`, and nothing goes to SES.
 */
export function sesSender(sender: string, configurationSet: string, count: CountMetric = countMetric): SendEmail {
  return async (email) => {
    if (email.recipient && !email.deliverabilityChecked) {
      const state = (await findDeliverability(email.recipient))?.status;
      if (state === 'bounced' || state === 'complained') {
        count('EmailSuppressed', { state, recipientKind: email.recipient.kind });
        throw new EmailSuppressedError(state);
      }
    }
    const form = new URLSearchParams({
      ConfigurationSetName: configurationSet,
      ...Object.fromEntries(recipientTags(email.recipient)),
      Action: 'SendEmail',
      Version: '2010-12-01',
      Source: sender,
      'Destination.ToAddresses.member.1': email.to,
      'Message.Subject.Data': email.subject,
      'Message.Subject.Charset': 'UTF-8',
      'Message.Body.Text.Data': email.text,
      'Message.Body.Text.Charset': 'UTF-8',
      'Message.Body.Html.Data': email.html,
      'Message.Body.Html.Charset': 'UTF-8',
    });
    await sendSigned(ses, {
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: form.toString(),
      errorOf: sesError,
    });
  };
}

/**
 * `send`, counting each e-mail as the metric `<name>Sent`, or as `<name>Failed` with SES's error
 * name when it throws (the error goes on; a suppressed recipient is no failure of SES's).
 */
export function countedSender(name: string, send: SendEmail, count: CountMetric = countMetric): SendEmail {
  return async (email) => {
    try {
      await send(email);
    } catch (error) {
      // A suppressed address is counted as EmailSuppressed where it is refused, not as a failure.
      if (!(error instanceof EmailSuppressedError))
        count(`${name}Failed`, { reason: (error as Error).name || 'Error' });
      throw error;
    }
    count(`${name}Sent`);
  };
}

/** Text made safe to place inside HTML: user-entered titles and names must not become markup. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** What a FieldPass notification says, in this order: paragraphs, facts, a list, a link, a closing line. */
export interface Notice {
  to: string;
  subject: string;
  /** Plain text, like every part: the HTML part escapes it. */
  paragraphs: string[];
  /** Label and value; a fact without a value (undefined or empty) is left out. */
  facts: [label: string, value: string | undefined][];
  list?: string[];
  link: { text: string; url: string };
  closing?: string;
}

/**
 * A notification as an e-mail in plain text and HTML. Everything is escaped in the HTML, as
 * titles, names and answers are typed by people; the subject is kept on one line.
 */
export function noticeEmail(notice: Notice): Email {
  const list = notice.list ?? [];
  const facts = notice.facts.filter((fact): fact is [string, string] => Boolean(fact[1]));
  const closing = notice.closing ? [notice.closing] : [];
  const text = [
    ...notice.paragraphs,
    facts.map(([label, value]) => `${label}: ${value}`).join('\n'),
    ...(list.length ? [list.map((entry) => `- ${entry}`).join('\n')] : []),
    `${notice.link.text}: ${notice.link.url}`,
    ...closing,
  ];
  const row = ([label, value]: [string, string]) =>
    `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`;
  const html = [
    ...notice.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    `<table>${facts.map(row).join('')}</table>`,
    ...(list.length ? [`<ul>${list.map((entry) => `<li>${escapeHtml(entry)}</li>`).join('')}</ul>`] : []),
    `<p><a href="${escapeHtml(notice.link.url)}">${escapeHtml(notice.link.text)}</a></p>`,
    ...closing.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
  ];
  return {
    to: notice.to,
    subject: notice.subject.replace(/\s+/g, ' '),
    text: text.join('\n\n'),
    html: html.join('\n'),
  };
}
