/**
 * A site's dashboard (seed 002's client version of the Live Dashboard): for a site and the
 * sub-sites granted under it, the jobs, incidents and logs of the last 30 days (and the jobs due in
 * the next 30) counted by status, a chart of activity per day (an SVG with a table as its text
 * alternative) and the latest activity. It refreshes while open: every 30 s, backing off to
 * 5 minutes while the API cannot be reached, and not at all while the tab is hidden.
 */
import { formatDateTime, freshness, type Loaded, load, onLeave, setFreshness, statusLabel } from './client-session';
import { h, show } from './dom';
import type { ClientSession } from './store';
import type { ActivityItem, ClientSiteActivityPage, ClientSiteDashboard } from './types';

const pollMs = 30_000;
const maxPollMs = 300_000;
const latestCount = 10;
const typeNames = { job: 'Jobs', incident: 'Incidents', log: 'Logs' } as const;
const typeName = { job: 'Job', incident: 'Incident', log: 'Log' } as const;
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
/** A `YYYY-MM-DD` of the dashboard (a day in the asked time zone), as people read it. */
const dayLabel = (date: string) => dayFormat.format(new Date(`${date}T12:00:00Z`));

interface Figures {
  dashboard: Loaded<ClientSiteDashboard>;
  latest: { at: number; offline: boolean; items: ActivityItem[] };
}

/**
 * The latest activity: the site's activity is newest first, jobs by due date, so jobs due later
 * come first; pages of 50 are read until ten items have happened (three pages at most).
 */
async function readLatest(session: ClientSession, site: string, retry: () => void) {
  const base = `${site}/activity?limit=50`;
  const items: ActivityItem[] = [];
  let first: { at: number; offline: boolean } | undefined;
  let path = base;
  for (let page = 0; page < 3; page++) {
    const loaded = await load<ClientSiteActivityPage>(session, path, retry);
    if (!loaded) return undefined;
    first ??= { at: loaded.at, offline: loaded.offline };
    items.push(...loaded.body.items.filter((item) => Date.parse(item.at) <= Date.now()));
    if (items.length >= latestCount || !loaded.body.cursor || loaded.offline) break;
    path = `${base}&cursor=${encodeURIComponent(loaded.body.cursor)}`;
  }
  return first ? { ...first, items } : undefined;
}

/** The dashboard's figures and the latest activity, read in parallel. */
async function readFigures(session: ClientSession, siteId: string, retry: () => void): Promise<Figures | undefined> {
  const site = `/portal/sites/${encodeURIComponent(siteId)}`;
  const [dashboard, latest] = await Promise.all([
    load<ClientSiteDashboard>(session, `${site}/dashboard?tz=${encodeURIComponent(timeZone)}`, retry),
    readLatest(session, site, retry),
  ]);
  return dashboard && latest ? { dashboard, latest } : undefined;
}

function counts(figures: ClientSiteDashboard['counts']): HTMLElement {
  return h(
    'div',
    { className: 'counts' },
    ...(['job', 'incident', 'log'] as const).map((type) => {
      const { total, byStatus } = figures[type];
      return h(
        'section',
        { className: 'count-card', attrs: { 'aria-labelledby': `count-${type}` } },
        h('h3', { id: `count-${type}` }, `${typeNames[type]}: ${total}`),
        type === 'log' || total === 0
          ? null
          : h(
              'ul',
              {},
              ...Object.entries(byStatus).map(([status, count]) => h('li', {}, `${statusLabel(status)}: ${count}`)),
            ),
      );
    }),
  );
}

const svgNs = 'http://www.w3.org/2000/svg';
function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>) {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  return element;
}

/** Activity per day: an SVG bar chart named by a one-line summary, and the same figures as a table. */
function chart(perDay: ClientSiteDashboard['perDay']): HTMLElement {
  const totals = perDay.map((d) => ({ ...d, count: d.job + d.incident + d.log }));
  const most = Math.max(1, ...totals.map((d) => d.count));
  const total = totals.reduce((sum, d) => sum + d.count, 0);
  const busiest = totals.reduce((a, b) => (b.count > a.count ? b : a), totals[0] ?? { date: '', count: 0 });
  const summary = `${total} item${total === 1 ? '' : 's'} in the last ${totals.length} days${
    total ? `; busiest day ${dayLabel(busiest.date)} with ${busiest.count}` : ''
  }.`;
  const width = Math.max(totals.length, 1) * 10;
  const graphic = svg('svg', {
    viewBox: `0 0 ${width} 62`,
    class: 'chart',
    role: 'img',
    'aria-labelledby': 'chart-summary',
    preserveAspectRatio: 'none',
  });
  totals.forEach((d, i) => {
    const height = (d.count / most) * 60;
    graphic.append(
      svg('rect', { x: i * 10 + 1, y: 61 - height, width: 8, height: Math.max(height, 0.5), class: 'chart-bar' }),
    );
  });
  graphic.append(svg('line', { x1: 0, x2: width, y1: 61.5, y2: 61.5, class: 'axis' }));
  const header = ['Day', 'Jobs', 'Incidents', 'Logs'];
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
        h('thead', {}, h('tr', {}, ...header.map((name) => h('th', { scope: 'col' }, name)))),
        h(
          'tbody',
          {},
          ...totals.map((d) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, dayLabel(d.date)),
              h('td', {}, String(d.job)),
              h('td', {}, String(d.incident)),
              h('td', {}, String(d.log)),
            ),
          ),
        ),
      ),
    ),
  );
}

function latest(items: readonly ActivityItem[]): HTMLElement {
  const recent = items.slice(0, latestCount);
  if (recent.length === 0) return h('p', { className: 'hint' }, 'Nothing has happened here yet.');
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

function content(figures: Figures): Node[] {
  const { dashboard, latest: activity } = figures;
  return [
    h('h2', {}, 'By status'),
    h(
      'p',
      { className: 'hint' },
      `The last 30 days, and jobs due in the next 30${dashboard.body.truncated ? ' (the newest 2,000 of each type)' : ''}.`,
    ),
    counts(dashboard.body.counts),
    h('h2', {}, 'Activity per day'),
    chart(dashboard.body.perDay),
    h('h2', {}, 'Latest activity'),
    latest(activity.items),
  ];
}

/** When what is shown was loaded: the older of the two answers, offline when either came from what was kept. */
const loadedAt = (figures: Figures) => ({
  at: Math.min(figures.dashboard.at, figures.latest.at),
  offline: figures.dashboard.offline || figures.latest.offline,
});

/** The dashboard of site `siteId`, refreshing while it is open. */
export async function dashboardScreen(session: ClientSession, siteId: string): Promise<void> {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delay = pollMs;
  const retry = () => void dashboardScreen(session, siteId);
  const first = await readFigures(session, siteId, retry);
  if (!first) return;
  const updated = freshness(loadedAt(first));
  const body = h('div', { className: 'dashboard' }, ...content(first));
  const schedule = () => {
    clearTimeout(timer);
    if (!stopped && !document.hidden) timer = setTimeout(() => void refresh(), delay);
  };
  const refresh = async () => {
    const next = await readFigures(session, siteId, retry);
    if (stopped) return;
    // A refusal (revoked, 24 hours over) showed its own screen: stop.
    if (!next) return stop();
    const when = loadedAt(next);
    delay = when.offline ? Math.min(delay * 2, maxPollMs) : pollMs;
    setFreshness(updated, when);
    if (!when.offline) body.replaceChildren(...content(next));
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
    h('h1', {}, first.dashboard.body.site.name),
    updated,
    h('p', { className: 'hint' }, 'This site and the sub-sites you are given. It refreshes while it is open.'),
    body,
  );
  schedule();
}
