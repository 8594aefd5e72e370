/**
 * A jobs view: the view's columns for each job, its status, paging ("Show more jobs"), and a search
 * box and status filter over the jobs loaded so far. Read-only: nothing here changes a job.
 *
 * The search runs in the browser over the pages loaded: a job's title is not part of any key, so a
 * server-side search would read rows only to drop them, against the one-Query-per-page budget.
 */

import { formatDateTime, load, onLeave, showClientScreen, statusBadge, statusLabel } from './client-session';
import { h } from './dom';
import type { ClientSession } from './store';
import type { ClientViewJob, ClientViewJobsPage } from './types';

const pageSize = 25;

const columnLabels: Record<string, string> = {
  status: 'Status',
  dueAt: 'Due',
  location: 'Location',
  category: 'Category',
  customer: 'Customer',
  site: 'Site',
  owners: 'Owners',
  createdAt: 'Created',
  updatedAt: 'Updated',
};

function cellText(job: ClientViewJob, column: string): string {
  switch (column) {
    case 'dueAt':
    case 'createdAt':
    case 'updatedAt':
      return formatDateTime(job[column]);
    case 'location':
      return job.location?.text ?? '';
    case 'category':
    case 'customer':
    case 'site':
      return job[column]?.name ?? '';
    case 'owners':
      return (job.owners ?? []).join(', ');
    default:
      return '';
  }
}

function jobCard(job: ClientViewJob, columns: readonly string[]): HTMLElement {
  const details = h('dl', { className: 'details' });
  for (const column of columns) {
    if (column === 'title' || column === 'status') continue;
    const text = cellText(job, column);
    if (text) details.append(h('dt', {}, columnLabels[column] ?? column), h('dd', {}, text));
  }
  return h(
    'li',
    { className: 'card' },
    h('h3', { className: 'card-title', tabIndex: -1 }, job.title ?? `Job ${job.id}`),
    columns.includes('status') ? statusBadge(job.status) : null,
    details,
  );
}

/**
 * Up to `pageSize` more jobs from `cursor` on. A view's pages end where one of its scopes (or
 * statuses) ends, so a short page with a cursor is followed at once, a few requests at most.
 */
async function readJobs(session: ClientSession, base: string, cursor: string | undefined, retry: () => void) {
  let first: Awaited<ReturnType<typeof load<ClientViewJobsPage>>>;
  const items: ClientViewJob[] = [];
  let next = cursor;
  for (let request = 0; request < 6 && items.length < pageSize; request++) {
    const path = `${base}?limit=${pageSize - items.length}${next === undefined ? '' : `&cursor=${encodeURIComponent(next)}`}`;
    const loaded = await load<ClientViewJobsPage>(session, path, retry);
    if (!loaded) return undefined;
    first ??= loaded;
    items.push(...loaded.body.items);
    next = loaded.body.cursor;
    if (next === undefined || loaded.offline) break;
  }
  return first ? { ...first, items, cursor: next } : undefined;
}

/** The jobs view `viewId`, a page at a time. */
export async function jobListScreen(session: ClientSession, viewId: string): Promise<void> {
  const base = `/portal/views/${encodeURIComponent(viewId)}/jobs`;
  const retry = () => void jobListScreen(session, viewId);
  const first = await readJobs(session, base, undefined, retry);
  if (!first) return;
  const { view } = first.body;
  const jobs: ClientViewJob[] = [...first.items];
  let cursor = first.cursor;
  let stopped = false;
  onLeave(() => {
    stopped = true;
  });

  const search = h('input', { id: 'job-search', type: 'search', name: 'q', autocomplete: 'off' });
  const status = h('select', { id: 'job-status', name: 'status' });
  const list = h('ul', { className: 'cards', attrs: { 'aria-labelledby': 'jobs-heading' } });
  const summary = h('p', { className: 'hint', attrs: { role: 'status', 'aria-live': 'polite' } });
  const more = h('button', { type: 'button', className: 'secondary' }, 'Show more jobs');
  const error = h('p', { className: 'error', attrs: { role: 'alert' } });

  const statuses = () => [...new Set(jobs.map((job) => job.status).filter((s): s is string => !!s))].sort();
  const fillStatuses = () => {
    const chosen = status.value;
    status.replaceChildren(
      h('option', { value: '' }, 'All statuses'),
      ...statuses().map((s) => h('option', { value: s }, statusLabel(s))),
    );
    status.value = statuses().includes(chosen) ? chosen : '';
  };
  const render = () => {
    const words = search.value.trim().toLowerCase();
    const shown = jobs.filter(
      (job) =>
        (!words || (job.title ?? '').toLowerCase().includes(words)) && (!status.value || job.status === status.value),
    );
    list.replaceChildren(...shown.map((job) => jobCard(job, view.columns)));
    const loaded = `${jobs.length} job${jobs.length === 1 ? '' : 's'} loaded`;
    summary.textContent =
      jobs.length === 0
        ? 'No jobs in this view.'
        : words || status.value
          ? `${shown.length} of ${loaded} match${cursor ? '; show more jobs to search further' : ''}.`
          : `${loaded}${cursor ? '' : ', all of this view'}.`;
    more.hidden = cursor === undefined;
  };
  search.addEventListener('input', render);
  status.addEventListener('change', render);
  more.addEventListener('click', async () => {
    if (cursor === undefined) return;
    more.disabled = true;
    error.textContent = '';
    const next = await readJobs(session, base, cursor, retry);
    more.disabled = false;
    if (stopped || !next) return;
    if (next.offline) {
      error.textContent = 'You are offline: more jobs can be shown once you are back online.';
      return;
    }
    jobs.push(...next.items);
    cursor = next.cursor;
    fillStatuses();
    render();
    // Keep the keyboard user's place: the next job shown, or the list's end.
    (list.children[jobs.length - next.items.length]?.querySelector('h3') as HTMLElement | null)?.focus();
  });
  fillStatuses();
  render();
  const filters = h(
    'form',
    { className: 'filters', attrs: { role: 'search', 'aria-label': 'Jobs' } },
    view.columns.includes('title')
      ? h('div', {}, h('label', { htmlFor: 'job-search' }, 'Search titles'), search)
      : null,
    view.columns.includes('status') ? h('div', {}, h('label', { htmlFor: 'job-status' }, 'Status'), status) : null,
  );
  filters.addEventListener('submit', (event) => event.preventDefault());
  showClientScreen(
    view.name,
    first,
    h('p', { className: 'hint' }, 'A read-only list of the jobs this view shows you.'),
    filters,
    h('h2', { id: 'jobs-heading', className: 'visually-hidden' }, 'Jobs'),
    summary,
    list,
    more,
    error,
  );
}
