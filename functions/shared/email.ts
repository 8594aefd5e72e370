import { fromEnv } from '@aws-sdk/credential-provider-env';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { optionalEnv, requireEnv } from './env';
import { type CountMetric, countMetric } from './metrics';

/** One e-mail to one person, in plain text and HTML. */
export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends one e-mail; throws what SES threw when it refuses (the error's `name` is SES's error code). */
export type SendEmail = (email: Email) => Promise<void>;

/*
 * SES's SendEmail, sent as one signed HTTPS request (the SES Query API) rather than through
 * `@aws-sdk/client-ses`: the client and its XML protocol add about 25 kB to the stream consumer and
 * the code-sending trigger, which their 300 kB budget cannot spare, while the signer is the SDK's own
 * (already in those bundles for S3) and SendEmail is one form post. Locally the endpoint is the SES
 * stand-in's (AWS_ENDPOINT_URL_SES), as for an SDK client. See docs/decisions/0002.
 */
const region = requireEnv('AWS_REGION');
const endpoint = new URL(optionalEnv('AWS_ENDPOINT_URL_SES', `https://email.${region}.amazonaws.com`));
const signer = new SignatureV4({ service: 'ses', region, credentials: fromEnv(), sha256: Sha256 });

/** SES's error codes worth another attempt (as the SDK retries them), and how many attempts in all. */
const transient = new Set(['Throttling', 'ThrottlingException', 'ServiceUnavailable', 'InternalFailure']);
const attempts = 3;

/** An error named by SES's error code, from its Query protocol's XML answer. */
function sesError(status: number, body: string): Error {
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? (status >= 500 ? 'ServiceUnavailable' : `Http${status}`);
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1] ?? `SES answered HTTP ${status}`;
  return Object.assign(new Error(message), { name: code, status });
}

/** One SendEmail request; SES's refusal as an error named by its code. */
async function sendOnce(form: URLSearchParams): Promise<void> {
  const body = form.toString();
  const request = await signer.sign({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
    path: endpoint.pathname,
    headers: { host: endpoint.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const { host: _host, ...headers } = request.headers;
  const response = await fetch(endpoint, { method: 'POST', headers, body });
  if (!response.ok) throw sesError(response.status, await response.text());
}

/** Sends through SES from `sender`, an identity verified in SES; throttling and SES's own failures are tried again. */
export function sesSender(sender: string): SendEmail {
  return async (email) => {
    const form = new URLSearchParams({
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
    for (let attempt = 1; ; attempt++) {
      try {
        return await sendOnce(form);
      } catch (error) {
        const name = (error as Error).name;
        const retry = transient.has(name) || name === 'TypeError'; // TypeError: fetch's network failure
        if (!retry || attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt * Math.random()));
      }
    }
  };
}

/**
 * `send`, counting each e-mail as the metric `<name>Sent`, or as `<name>Failed` with SES's error
 * name when it throws (the error goes on).
 */
export function countedSender(name: string, send: SendEmail, count: CountMetric = countMetric): SendEmail {
  return async (email) => {
    try {
      await send(email);
    } catch (error) {
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
