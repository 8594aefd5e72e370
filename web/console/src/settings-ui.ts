import { h, show, uid } from '../../src/dom';
import { call } from './api';
import type { Me, Page } from './types';
import { messageArea } from './ui';

/*
 * What the client-access screens (customers and sites, external views and roles, client access)
 * share: who may manage them, reading every page of a short list, and a group of checkboxes.
 */

/** Customers, sites, views, roles and client access are "other settings": admin roles only (seed 003). */
export const manageSettings = (me: Me): string | undefined =>
  me.effectivePermissions.settings.other
    ? undefined
    : 'Only Account Admins, User Admins and Admins manage customers, sites, views, roles and client access.';

/** Every item of a paged list (`path` without a query, or with one ending in `&`), up to `pages` pages of 100. */
export async function allPages<T>(path: string, pages = 5): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  const join = path.includes('?') ? '&' : '?';
  for (let n = 0; n < pages; n++) {
    const page = await call<Page<T>>(
      'GET',
      `${path}${join}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.cursor;
    if (!cursor) break;
  }
  return items;
}

/** A fieldset of checkboxes ([value, label]), `checked` ticked; `values()` reads the ticked ones in order. */
export function checkboxes(legend: string, options: [string, string][], checked: Iterable<string> = [], hint?: string) {
  const ticked = new Set(checked);
  const hintId = hint ? uid('hint') : undefined;
  const boxes = options.map(([value, label]) => {
    const box = h('input', { type: 'checkbox', value, checked: ticked.has(value) });
    return { box, row: h('label', { className: 'check' }, box, label) };
  });
  const element = h(
    'fieldset',
    { attrs: { 'aria-describedby': hintId } },
    h('legend', {}, legend),
    hint ? h('p', { id: hintId, className: 'hint' }, hint) : null,
    ...boxes.map((b) => b.row),
  );
  return { element, values: () => boxes.filter((b) => b.box.checked).map((b) => b.box.value) };
}

/** `[id, name]` pairs, for checkboxes and selects. */
export const named = (items: { id: string; name: string }[]): [string, string][] => items.map((i) => [i.id, i.name]);

/** What an address that names nothing shows (as the console's own "Not found"). */
export const nothingHere = () => show(h('h1', {}, 'Not found'), h('p', {}, 'There is nothing at this address.'));

/** Says `text` in the message area of the screen just shown (after a screen re-renders itself). */
export function messageAfterReload(text: string) {
  const area = document.querySelector('#main .message');
  if (area) {
    area.className = 'message ok';
    area.textContent = text;
  }
}

let flashed: string | undefined;
/** Keeps `text` for the next screen's message area (a save that goes back to a list). */
export const flash = (text: string) => {
  flashed = text;
};
/** A message area saying what `flash` kept, once. */
export function flashArea() {
  const message = messageArea();
  if (flashed) message.say(flashed);
  flashed = undefined;
  return message;
}
