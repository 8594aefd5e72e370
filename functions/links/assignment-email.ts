import { type Email, noticeEmail } from '#shared/email';

/** What an assignment e-mail says. */
export interface AssignmentEmailFacts {
  to: string;
  givenName: string;
  itemType: 'job' | 'incident';
  title: string;
  /** Jobs: when it is due. */
  dueAt?: string;
  location: string;
  assignedBy: string;
  accountName: string;
  link: string;
}

/**
 * Made at the first e-mail, not at load: building a DateTimeFormat loads ICU's locale data, about
 * 20 ms of the stream consumer's cold start, which most of its batches never need.
 */
let dateFormat: Intl.DateTimeFormat | undefined;

/** A date-time as people read it, with its zone: "Tue, 1 Jun 2027, 09:00 UTC". */
export const readableDate = (iso: string): string => {
  dateFormat ??= new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
  return dateFormat.format(new Date(iso));
};

/**
 * The e-mail that gives an external user their link to an assigned job or incident: what it is,
 * when it is due, where, who assigned it, and the link. It says nothing a stranger could use
 * beyond the link itself, and the link carries no personal data (the token is random).
 */
export function assignmentEmail(facts: AssignmentEmailFacts): Email {
  const kind = facts.itemType === 'job' ? 'job' : 'incident';
  const Kind = kind === 'job' ? 'Job' : 'Incident';
  return noticeEmail({
    to: facts.to,
    subject: `${Kind} assigned: ${facts.title}`,
    paragraphs: [
      `Hello ${facts.givenName},`,
      `${facts.assignedBy} (${facts.accountName}) has assigned you to ${kind === 'job' ? 'a' : 'an'} ${kind} in FieldPass.`,
    ],
    facts: [
      [Kind, facts.title],
      ['Due', facts.dueAt && readableDate(facts.dueAt)],
      ['Location', facts.location],
      ['Assigned by', `${facts.assignedBy}, ${facts.accountName}`],
    ],
    link: { text: `Open the ${kind}`, url: facts.link },
    closing:
      'The link is for you alone: opening it asks for a code that we e-mail to this address. ' +
      'If you were not expecting this, you can ignore this e-mail.',
  });
}
