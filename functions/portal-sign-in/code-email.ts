import { type Email, escapeHtml } from '#shared/email';
import { codeLifetimeMinutes } from './one-time-code';

/** What the code e-mail says besides the code: which item, and who it comes from. */
export interface CodeEmailContext {
  to: string;
  itemType: 'job' | 'incident';
  itemTitle: string;
  accountName: string;
}

/**
 * The e-mail carrying a one-time code. The code is in the body only, not the subject, so it does
 * not show on a locked phone's notification; the subject names the item so the right e-mail is
 * easy to find.
 */
export function codeEmail(context: CodeEmailContext, code: string): Email {
  const kind = context.itemType === 'job' ? 'job' : 'incident';
  const lines = [
    `${context.accountName} sent you a FieldPass link for the ${kind} "${context.itemTitle}".`,
    '',
    `Your code: ${code}`,
    '',
    `It works once and expires in ${codeLifetimeMinutes} minutes. Enter it on the page you asked for it on.`,
    'If you did not ask for a code, ignore this e-mail: nobody can sign in without it.',
  ];
  const html = [
    `<p>${escapeHtml(context.accountName)} sent you a FieldPass link for the ${kind} <strong>${escapeHtml(context.itemTitle)}</strong>.</p>`,
    `<p style="font-size:28px;letter-spacing:6px;font-family:monospace"><strong>${code}</strong></p>`,
    `<p>It works once and expires in ${codeLifetimeMinutes} minutes. Enter it on the page you asked for it on.</p>`,
    '<p>If you did not ask for a code, ignore this e-mail: nobody can sign in without it.</p>',
  ].join('\n');
  return {
    to: context.to,
    subject: `Your FieldPass code for ${context.itemTitle}`,
    text: lines.join('\n'),
    html,
  };
}
