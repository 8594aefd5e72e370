import { type Child, h, uid } from '../../src/dom';
import { ApiError } from './api';

/** A date and time as staff read it (their browser's time zone). */
export const when = (iso: string | undefined) =>
  iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '';

/** Internal links: the router handles them without a page load. */
export const link = (href: string, text: string, className?: string) =>
  h('a', { href, ...(className ? { className } : {}), attrs: { 'data-route': true } }, text);

/**
 * A button that does `action` when it may, or is disabled with the reason shown beside it (and
 * announced with it) when the user's permissions do not allow it.
 */
export function actionButton(
  text: string,
  reason: string | undefined,
  action: (event: MouseEvent) => void,
  className = 'button',
) {
  const button = h('button', { type: 'button', className, disabled: reason !== undefined }, text);
  if (reason === undefined) {
    button.addEventListener('click', action);
    return button;
  }
  const id = uid('why');
  button.setAttribute('aria-describedby', id);
  return h('span', { className: 'action' }, button, h('span', { id, className: 'reason' }, reason));
}

/** A labelled input; `hint` is read with it. */
export function field(label: string, input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string) {
  const id = input.id || uid('f');
  input.id = id;
  const hintId = hint ? uid('hint') : undefined;
  if (hintId) input.setAttribute('aria-describedby', hintId);
  return h(
    'div',
    { className: 'field' },
    h('label', { htmlFor: id }, label),
    hint ? h('span', { id: hintId, className: 'hint' }, hint) : null,
    input,
  );
}

/** A select of `options` ([value, label]); the first is chosen unless `value` names another. */
export function select(name: string, options: [string, string][], value = '') {
  const element = h('select', { name });
  for (const [optionValue, label] of options) {
    element.append(h('option', { value: optionValue, selected: optionValue === value }, label));
  }
  return element;
}

/** The live region a screen shows its outcome in (errors in red, with role alert). */
export function messageArea() {
  const area = h('div', { className: 'message', attrs: { role: 'status', 'aria-live': 'polite' } });
  return {
    element: area,
    say(text: string) {
      area.className = 'message ok';
      area.textContent = text;
    },
    fail(error: unknown) {
      area.className = 'message bad';
      area.textContent =
        error instanceof ApiError ? error.message : 'Something went wrong. Check your connection and try again.';
    },
    clear() {
      area.className = 'message';
      area.textContent = '';
    },
  };
}

/** Runs `work` with `button` disabled, so a double click does not send twice. */
export async function busy(button: HTMLButtonElement, work: () => Promise<void>) {
  button.disabled = true;
  try {
    await work();
  } finally {
    button.disabled = false;
  }
}

export const card = (...children: Child[]) => h('li', { className: 'card' }, ...children);

export const statusNames: Record<string, string> = {
  open: 'Open',
  in_progress: 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
  closed: 'Closed',
  active: 'Active',
  disabled: 'Disabled',
  promoted: 'Promoted',
  revoked: 'Revoked',
};
