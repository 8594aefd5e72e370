import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';

/** One e-mail to one person, in plain text and HTML. */
export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends one e-mail; throws what SES threw when it refuses. */
export type SendEmail = (email: Email) => Promise<void>;

/** The one SES client (its endpoint comes from AWS_ENDPOINT_URL_SES locally). */
const ses = new SESClient({});

/** Sends through SES from `sender`, an identity verified in SES. */
export function sesSender(sender: string): SendEmail {
  return async (email) => {
    await ses.send(
      new SendEmailCommand({
        Source: sender,
        Destination: { ToAddresses: [email.to] },
        Message: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
        },
      }),
    );
  };
}

/** Text made safe to place inside HTML: user-entered titles and names must not become markup. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}
