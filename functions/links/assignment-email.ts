import { type Email, escapeHtml } from '#shared/email';

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

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

/** A date-time as people read it, with its zone: "Tue, 1 Jun 2027, 09:00 UTC". */
export const readableDate = (iso: string): string => dateFormat.format(new Date(iso));

/**
 * The e-mail that gives an external user their link to an assigned job or incident: what it is,
 * when it is due, where, who assigned it, and the link. It says nothing a stranger could use
 * beyond the link itself, and the link carries no personal data (the token is random).
 */
export function assignmentEmail(facts: AssignmentEmailFacts): Email {
  const kind = facts.itemType === 'job' ? 'job' : 'incident';
  const article = kind === 'job' ? 'a' : 'an';
  const lines: [string, string][] = [
    [kind === 'job' ? 'Job' : 'Incident', facts.title],
    ...(facts.dueAt ? [['Due', readableDate(facts.dueAt)] as [string, string]] : []),
    ['Location', facts.location],
    ['Assigned by', `${facts.assignedBy}, ${facts.accountName}`],
  ];
  const text = [
    `Hello ${facts.givenName},`,
    '',
    `${facts.assignedBy} (${facts.accountName}) has assigned you to ${article} ${kind} in FieldPass.`,
    '',
    ...lines.map(([label, value]) => `${label}: ${value}`),
    '',
    `Open it here: ${facts.link}`,
    '',
    'The link is for you alone: opening it asks for a code that we e-mail to this address.',
    'If you were not expecting this, you can ignore this e-mail.',
  ].join('\n');
  const html = [
    `<p>Hello ${escapeHtml(facts.givenName)},</p>`,
    `<p>${escapeHtml(facts.assignedBy)} (${escapeHtml(facts.accountName)}) has assigned you to ${article} ${kind} in FieldPass.</p>`,
    '<table>',
    ...lines.map(([label, value]) => `<tr><th align="left">${label}</th><td>${escapeHtml(value)}</td></tr>`),
    '</table>',
    `<p><a href="${escapeHtml(facts.link)}">Open the ${kind}</a></p>`,
    '<p>The link is for you alone: opening it asks for a code that we e-mail to this address. ' +
      'If you were not expecting this, you can ignore this e-mail.</p>',
  ].join('\n');
  return {
    to: facts.to,
    subject: `${kind === 'job' ? 'Job' : 'Incident'} assigned: ${facts.title.replace(/\s+/g, ' ')}`,
    text,
    html,
  };
}
