import { inject } from 'vitest';

interface StoredEmail {
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** The e-mails the SES stand-in received for `to`, oldest first. */
export async function emailsTo(to: string): Promise<StoredEmail[]> {
  const res = await fetch(`${inject('localEnv').FIELDPASS_INBOX_URL}/store`);
  const { emails } = (await res.json()) as { emails: StoredEmail[] };
  return emails.filter((email) => email.destination.to.some((address) => address.toLowerCase() === to.toLowerCase()));
}
