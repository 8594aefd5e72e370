/**
 * A calendar view: the job dates of one month in the browser's time zone, as a month table (rows
 * of weeks, a column per weekday, with headers a screen reader reads with each day) or as an
 * agenda (a list per day, the layout on phones). Read-only: nothing here changes a job.
 */

import { freshness, load, onLeave, setFreshness, statusLabel } from './client-session';
import { h, show } from './dom';
import type { ClientSession } from './store';
import type { ClientCalendarPage } from './types';

type Entry = ClientCalendarPage['items'][number];
type Layout = 'month' | 'agenda';

const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const monthName = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });
const dayName = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
/** Local calendar day of a date, as a key. */
const dayKey = (date: Date) => `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;

/** The entries of the month starting at `start` (local time), all pages. */
async function monthEntries(session: ClientSession, viewId: string, start: Date, retry: () => void) {
  const end = new Date(start.getFullYear(), start.getMonth() + 1, 1);
  const base = `/portal/views/${encodeURIComponent(viewId)}/calendar?from=${encodeURIComponent(start.toISOString())}&to=${encodeURIComponent(new Date(end.getTime() - 1).toISOString())}&limit=500`;
  const items: Entry[] = [];
  let path = base;
  let first: Awaited<ReturnType<typeof load<ClientCalendarPage>>>;
  for (let page = 0; page < 10; page++) {
    const loaded = await load<ClientCalendarPage>(session, path, retry);
    if (!loaded) return undefined;
    first ??= loaded;
    items.push(...loaded.body.items);
    if (!loaded.body.cursor || loaded.offline) break;
    path = `${base}&cursor=${encodeURIComponent(loaded.body.cursor)}`;
  }
  return first ? { ...first, items } : undefined;
}

function entryLine(entry: Entry): HTMLElement {
  return h(
    'li',
    {},
    h('span', { className: 'when' }, time.format(new Date(entry.dueAt))),
    ' ',
    entry.title,
    h('span', { className: 'hint' }, ` (${statusLabel(entry.status)})`),
  );
}

function byDay(entries: readonly Entry[]): Map<string, Entry[]> {
  const days = new Map<string, Entry[]>();
  for (const entry of [...entries].sort((a, b) => a.dueAt.localeCompare(b.dueAt))) {
    const key = dayKey(new Date(entry.dueAt));
    days.set(key, [...(days.get(key) ?? []), entry]);
  }
  return days;
}

function agenda(start: Date, entries: readonly Entry[]): HTMLElement {
  const days = byDay(entries);
  if (days.size === 0) return h('p', {}, `No jobs due in ${monthName.format(start)}.`);
  return h(
    'div',
    { className: 'agenda' },
    ...[...days.values()].map((dayEntries) =>
      h(
        'section',
        {},
        h('h3', {}, dayName.format(new Date((dayEntries[0] as Entry).dueAt))),
        h('ul', { className: 'entries' }, ...dayEntries.map(entryLine)),
      ),
    ),
  );
}

function monthTable(start: Date, entries: readonly Entry[]): HTMLElement {
  const days = byDay(entries);
  const today = dayKey(new Date());
  // Monday first: the weekday columns, named in full for screen readers.
  const weekdays = Array.from({ length: 7 }, (_, i) => new Date(2024, 0, 1 + i));
  const short = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
  const long = new Intl.DateTimeFormat(undefined, { weekday: 'long' });
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      ...weekdays.map((d) => h('th', { scope: 'col', abbr: long.format(d) }, h('span', {}, short.format(d)))),
    ),
  );
  const body = h('tbody');
  const offset = (start.getDay() + 6) % 7;
  const count = new Date(start.getFullYear(), start.getMonth() + 1, 0).getDate();
  let row = h('tr');
  for (let i = 0; i < offset; i++) row.append(h('td', { className: 'outside' }));
  for (let day = 1; day <= count; day++) {
    const date = new Date(start.getFullYear(), start.getMonth(), day);
    const key = dayKey(date);
    const dayEntries = days.get(key) ?? [];
    row.append(
      h(
        'td',
        {
          className: dayEntries.length ? 'has-jobs' : '',
          attrs: { 'aria-current': key === today ? 'date' : undefined },
        },
        h('span', { className: 'day-number', attrs: { 'aria-hidden': 'true' } }, String(day)),
        h('span', { className: 'visually-hidden' }, `${dayName.format(date)}${dayEntries.length ? '' : ', no jobs'}`),
        dayEntries.length ? h('ul', { className: 'entries' }, ...dayEntries.map(entryLine)) : null,
      ),
    );
    if ((offset + day) % 7 === 0) {
      body.append(row);
      row = h('tr');
    }
  }
  if (row.children.length) {
    while (row.children.length < 7) row.append(h('td', { className: 'outside' }));
    body.append(row);
  }
  return h(
    'table',
    { className: 'month' },
    h('caption', { className: 'visually-hidden' }, monthName.format(start)),
    head,
    body,
  );
}

/** The calendar view `viewId`, a month at a time, in the month or agenda layout. */
export async function calendarScreen(session: ClientSession, viewId: string): Promise<void> {
  const now = new Date();
  let start = new Date(now.getFullYear(), now.getMonth(), 1);
  let layout: Layout = matchMedia('(max-width: 40rem)').matches ? 'agenda' : 'month';
  let stopped = false;
  onLeave(() => {
    stopped = true;
  });
  const retry = () => void calendarScreen(session, viewId);
  const first = await monthEntries(session, viewId, start, retry);
  if (!first || stopped) return;
  let entries = first.items;

  const title = h('h2', { id: 'month-title', attrs: { 'aria-live': 'polite' } });
  const content = h('div', { className: 'calendar' });
  const updated = freshness(first);
  const error = h('p', { className: 'error', attrs: { role: 'alert' } });
  const button = (label: string, run: () => void) => {
    const b = h('button', { type: 'button', className: 'secondary' }, label);
    b.addEventListener('click', run);
    return b;
  };
  const monthButton = button('Month', () => setLayout('month'));
  const agendaButton = button('Agenda', () => setLayout('agenda'));
  const render = () => {
    title.textContent = monthName.format(start);
    content.replaceChildren(layout === 'month' ? monthTable(start, entries) : agenda(start, entries));
    monthButton.setAttribute('aria-pressed', String(layout === 'month'));
    agendaButton.setAttribute('aria-pressed', String(layout === 'agenda'));
  };
  const setLayout = (next: Layout) => {
    layout = next;
    render();
  };
  const go = async (months: number | 'today') => {
    const next =
      months === 'today'
        ? new Date(now.getFullYear(), now.getMonth(), 1)
        : new Date(start.getFullYear(), start.getMonth() + months, 1);
    error.textContent = '';
    const loaded = await monthEntries(session, viewId, next, retry);
    if (stopped || !loaded) return;
    start = next;
    entries = loaded.items;
    setFreshness(updated, loaded);
    render();
  };
  render();
  show(
    h('h1', {}, first.body.view.name),
    updated,
    h('p', { className: 'hint' }, `Job due dates, read-only. Times in ${timeZone.replace(/_/g, ' ')}.`),
    h(
      'div',
      { className: 'toolbar' },
      button('Previous month', () => void go(-1)),
      button('Today', () => void go('today')),
      button('Next month', () => void go(1)),
    ),
    h('div', { className: 'toolbar', attrs: { role: 'group', 'aria-label': 'Layout' } }, monthButton, agendaButton),
    title,
    content,
    error,
  );
}
