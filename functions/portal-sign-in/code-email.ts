import { type Email, escapeHtml } from '#shared/email';
import { codeLifetimeMinutes } from './one-time-code';

/**
 * What the code e-mail says besides the code: who it comes from and, for a link's sign-in, which
 * item; a sign-in without a link (a client's, by account and address) names no item.
 */
export interface CodeEmailContext {
  to: string;
  item?: { type: 'job' | 'incident'; title: string };
  accountName: string;
}

/**
 * The e-mail carrying a one-time code. The code is in the body only, not the subject, so it does
 * not show on a locked phone's notification; the subject names the item (or, without one, the
 * account) so the right e-mail is easy to find.
 */
export function codeEmail(context: CodeEmailContext, code: string): Email {
  const { item, accountName } = context;
  const kind = item?.type === 'incident' ? 'incident' : 'job';
  const why = item
    ? {
        text: `${accountName} sent you a FieldPass link for the ${kind} "${item.title}".`,
        html: `<p>${escapeHtml(accountName)} sent you a FieldPass link for the ${kind} <strong>${escapeHtml(item.title)}</strong>.</p>`,
      }
    : {
        text: `You asked to sign in to ${accountName}'s FieldPass client portal.`,
        html: `<p>You asked to sign in to <strong>${escapeHtml(accountName)}</strong>'s FieldPass client portal.</p>`,
      };
  const lines = [
    why.text,
    '',
    `Your code: ${code}`,
    '',
    `It works once and expires in ${codeLifetimeMinutes} minutes. Enter it on the page you asked for it on.`,
    'If you did not ask for a code, ignore this e-mail: nobody can sign in without it.',
  ];
  const html = [
    why.html,
    `<p style="font-size:28px;letter-spacing:6px;font-family:monospace"><strong>${code}</strong></p>`,
    `<p>It works once and expires in ${codeLifetimeMinutes} minutes. Enter it on the page you asked for it on.</p>`,
    '<p>If you did not ask for a code, ignore this e-mail: nobody can sign in without it.</p>',
  ].join('\n');
  return {
    to: context.to,
    subject: `Your FieldPass code for ${item ? item.title : accountName}`,
    text: lines.join('\n'),
    html,
  };
}
