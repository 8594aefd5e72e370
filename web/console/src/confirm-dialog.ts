import { h, uid } from '../../src/dom';
import { ApiError } from './api';
import { messageArea } from './ui';

/** What a 409 IN_USE counts (a customer's or site's items, sites, sub-sites, client accesses), in words. */
const inUseParts: [field: string, one: string, many: string][] = [
  ['items', 'item', 'items'],
  ['sites', 'site', 'sites'],
  ['subSites', 'sub-site', 'sub-sites'],
  ['externalUserIds', 'client access', 'client accesses'],
];

/** "Still named by 3 items and 1 site.", or nothing when the refusal counts nothing. */
export function inUseSummary(error: unknown): string {
  if (!(error instanceof ApiError) || error.code !== 'IN_USE' || !error.details) return '';
  const parts = inUseParts.flatMap(([field, one, many]) => {
    const value = error.details[field];
    const count = Array.isArray(value) ? value.length : typeof value === 'number' ? value : 0;
    return count > 0 ? [`${count} ${count === 1 ? one : many}`] : [];
  });
  if (parts.length === 0) return '';
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `Still named by ${list}.`;
}

/*
 * A modal confirmation before something goes for good (a staff user, a customer, a site): a native
 * <dialog> (focus stays inside it, Escape cancels), naming what goes. The API's refusal (a 409
 * "in use" with what still names it counted, a 400 naming the field, a 403) is shown inside the
 * dialog as the API words it; Cancel
 * or Escape closes it and focus returns to the button that opened it.
 */
export function confirmDialog(options: {
  title: string;
  text: string;
  confirm: string;
  opener?: HTMLElement | null;
  /** Does the deletion; the dialog shows its error when it throws. */
  action: () => Promise<void>;
  /** What follows once the dialog has closed after `action` (a reload or another screen). */
  done: () => unknown;
}): HTMLDialogElement {
  const titleId = uid('dialog');
  const textId = uid('dialog-text');
  const message = messageArea();
  message.element.setAttribute('role', 'alert');
  const yes = h('button', { type: 'button', className: 'button danger' }, options.confirm);
  const no = h('button', { type: 'button', className: 'button' }, 'Cancel');
  const dialog = h(
    'dialog',
    { className: 'dialog', attrs: { 'aria-labelledby': titleId, 'aria-describedby': textId } },
    h('h2', { id: titleId }, options.title),
    h('p', { id: textId }, options.text),
    message.element,
    h('div', { className: 'actions' }, yes, no),
  );
  const opener = options.opener ?? (document.activeElement as HTMLElement | null);
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener?.isConnected) opener.focus();
  });
  no.addEventListener('click', () => dialog.close());
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    message.clear();
    try {
      await options.action();
    } catch (error) {
      message.fail(error);
      const summary = inUseSummary(error);
      if (summary) message.element.append(h('p', {}, summary));
      yes.disabled = false;
      return;
    }
    dialog.close();
    await options.done();
  });
  document.body.append(dialog);
  dialog.showModal();
  no.focus();
  return dialog;
}
