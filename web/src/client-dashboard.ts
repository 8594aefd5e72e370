/**
 * A site's dashboard (seed 002's client version of the Live Dashboard): for a site and the
 * sub-sites granted under it, the jobs, incidents and logs of the last 30 days and the jobs due
 * after, counted by status, the latest activity, and a chart of activity per day (an SVG with a
 * table as its text alternative). It refreshes while open: every 30 s, backing off to 5 minutes
 * while the API cannot be reached, and not at all while the tab is hidden.
 */

import { formatDateTime, freshness, load, onLeave, setFreshness, statusLabel } from './client-session';
import { h, show } from './dom';
import type { ClientSession } from './store';
import type { ActivityItem, ClientSiteActivityPage } from './types';

const days = 30;
const pollMs = 30_000;
const maxPollMs = 300_000;
/** Pages of 100 read per refresh at most: the window's activity, newest first. */
const maxPages = 5;
const typeNames = { job: 'Jobs', incident: 'Incidents', log: 'Logs' } as const;
const typeName = { job: 'Job', incident: 'Incident', log: 'Log' } as const;
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

interface ActivityWindow {
  site: { id: string; name: string };
  items: ActivityItem[];
  /** Whether the window's start was reached (else the counts are of the newest pages only). */
  complete: boolean;
  at: number;
  offline: boolean;
}

const windowStart = () => {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1));
};

/** The site's activity from the window's start on (jobs due later included), newest first. */
async function readWindow(
  session: ClientSession,
  siteId: string,
  retry: () => void,
): Promise<ActivityWindow | undefined> {
  const base = `/portal/sites/${encodeURIComponent(siteId)}/activity?limit=100`;
  const since = windowStart().getTime();
  const items: ActivityItem[] = [];
  let path = base;
  let first: { at: number; offline: boolean; site: ActivityWindow['site'] } | undefined;
  let complete = false;
  for (let page = 0; page < maxPages; page++) {
    const loaded = await load<ClientSiteActivityPage>(session, path, retry);
    if (!loaded) return undefined;
    first ??= { at: loaded.at, offline: loaded.offline, site: loaded.body.site };
    const inWindow = loaded.body.items.filter((item) => Date.parse(item.at) >= since);
    items.push(...inWindow);
    if (!loaded.body.cursor || inWindow.length < loaded.body.items.length || loaded.offline) {
      complete = true;
      break;
    }
    path = `${base}&cursor=${encodeURIComponent(loaded.body.cursor)}`;
  }
  return first ? { ...first, items, complete } : undefined;
}

function counts(items: readonly ActivityItem[]): HTMLElement {
  const byType = (['job', 'incident', 'log'] as const).map((type) => {
    const ofType = items.filter((item) => item.type === type);
    const statuses = new Map<string, number>();
    for (const item of ofType) statuses.set(item.status ?? '', (statuses.get(item.status ?? '') ?? 0) + 1);
    return { type, total: ofType.length, statuses };
  });
  return h(
    'div',
    { className: 'counts' },
    ...byType.map(({ type, total, statuses }) =>
      h(
        'section',
        { className: 'count-card', attrs: { 'aria-labelledby': `count-${type}` } },
        h('h3', { id: `count-${type}` }, `${typeNames[type]}: ${total}`),
        type === 'log' || total === 0
          ? null
          : h(
              'ul',
              {},
              ...[...statuses].map(([status, count]) => h('li', {}, `${statusLabel(status) || 'no status'}: ${count}`)),
            ),
      ),
    ),
  );
}

const svgNs = 'http://www.w3.org/2000/svg';
function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string) {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Activity per day of the last 30 days: an SVG bar chart, and the same figures as a table. */
function chart(items: readonly ActivityItem[]): HTMLElement {
  const start = windowStart();
  const perDay = Array.from({ length: days }, (_, i) => ({
    day: new Date(start.getFullYear(), start.getMonth(), start.getDate() + i),
    count: 0,
  }));
  const now = Date.now();
  for (const item of items) {
    const at = new Date(item.at);
    if (at.getTime() > now) continue;
    const index = Math.floor(
      (new Date(at.getFullYear(), at.getMonth(), at.getDate()).getTime() - start.getTime()) / 86_400_000 + 0.5,
    );
    const slot = perDay[index];
    if (slot) slot.count += 1;
  }
  const most = Math.max(1, ...perDay.map((d) => d.count));
  const total = perDay.reduce((sum, d) => sum + d.count, 0);
  const busiest = perDay.reduce((a, b) => (b.count > a.count ? b : a), perDay[0] as (typeof perDay)[number]);
  const summary = `${total} item${total === 1 ? '' : 's'} in the last ${days} days${
    total ? `; busiest day ${dayFormat.format(busiest.day)} with ${busiest.count}` : ''
  }.`;
  const width = days * 10;
  const graphic = svg('svg', {
    viewBox: `0 0 ${width} 62`,
    class: 'chart',
    role: 'img',
    'aria-labelledby': 'chart-summary',
    preserveAspectRatio: 'none',
  });
  perDay.forEach((d, i) => {
    const height = (d.count / most) * 60;
    graphic.append(
      svg('rect', { x: i * 10 + 1, y: 61 - height, width: 8, height: Math.max(height, 0.5), class: 'chart-bar' }),
    );
  });
  graphic.append(svg('line', { x1: 0, x2: width, y1: 61.5, y2: 61.5, class: 'axis' }));
  return h(
    'figure',
    { className: 'chart-figure' },
    graphic,
    h('figcaption', { id: 'chart-summary' }, summary),
    h(
      'details',
      {},
      h('summary', {}, 'Activity per day as a table'),
      h(
        'table',
        { className: 'per-day' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day'), h('th', { scope: 'col' }, 'Items'))),
        h(
          'tbody',
          {},
          ...perDay.map((d) =>
            h('tr', {}, h('th', { scope: 'row' }, dayFormat.format(d.day)), h('td', {}, String(d.count))),
          ),
        ),
      ),
    ),
  );
}

function latest(items: readonly ActivityItem[]): HTMLElement {
  const now = Date.now();
  const recent = items.filter((item) => Date.parse(item.at) <= now).slice(0, 10);
  if (recent.length === 0) return h('p', { className: 'hint' }, 'Nothing happened here in the last 30 days.');
  return h(
    'ul',
    { className: 'cards' },
    ...recent.map((item) =>
      h(
        'li',
        { className: 'card' },
        h('strong', {}, item.title),
        h(
          'span',
          { className: 'hint' },
          ` ${typeName[item.type]} · ${formatDateTime(item.at)}${item.status ? ` · ${statusLabel(item.status)}` : ''}`,
        ),
      ),
    ),
  );
}

function content(shown: ActivityWindow): Node[] {
  return [
    h('h2', {}, 'By status'),
    h(
      'p',
      { className: 'hint' },
      `The last ${days} days, and jobs due later${shown.complete ? '' : ' (the newest 500 items)'}.`,
    ),
    counts(shown.items),
    h('h2', {}, 'Activity per day'),
    chart(shown.items),
    h('h2', {}, 'Latest activity'),
    latest(shown.items),
  ];
}

/** The dashboard of site `siteId`, refreshing while it is open. */
export async function dashboardScreen(session: ClientSession, siteId: string): Promise<void> {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delay = pollMs;
  const retry = () => void dashboardScreen(session, siteId);
  const first = await readWindow(session, siteId, retry);
  if (!first) return;
  const updated = freshness(first);
  const body = h('div', { className: 'dashboard' }, ...content(first));
  const schedule = () => {
    clearTimeout(timer);
    if (!stopped && !document.hidden) timer = setTimeout(() => void refresh(), delay);
  };
  const refresh = async () => {
    const next = await readWindow(session, siteId, retry);
    if (stopped) return;
    // A refusal (revoked, 24 hours over) showed its own screen: stop.
    if (!next) return stop();
    delay = next.offline ? Math.min(delay * 2, maxPollMs) : pollMs;
    setFreshness(updated, next);
    if (!next.offline) body.replaceChildren(...content(next));
    schedule();
  };
  const onVisibility = () => {
    if (document.hidden) clearTimeout(timer);
    else void refresh();
  };
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisibility);
  };
  onLeave(stop);
  document.addEventListener('visibilitychange', onVisibility);
  show(
    h('h1', {}, first.site.name),
    updated,
    h('p', { className: 'hint' }, 'This site and the sub-sites you are given. It refreshes while it is open.'),
    body,
  );
  schedule();
}
