import {
  auditReportColumns,
  incidentReportColumns,
  isLocalColumn,
  jobReportColumns,
  localColumnOf,
} from '../../../functions/reports/report-column-names';
import { h, show } from '../../src/dom';
import { call, query } from './api';
import { isAdminRole } from './permissions';
import type {
  AccountSettings,
  Export,
  ExternalUser,
  Me,
  Named,
  Page,
  ReportName,
  ReportPage,
  StaffUser,
} from './types';
import { card, field, messageArea, select, statusNames, when } from './ui';

/*
 * Reports (GET /reports/jobs, /incidents, /audit; docs/reports.md): a report, every filter its
 * route takes, the columns to show (the external-user ones included), a page of rows as a table
 * (cards on a phone) with "Show more", and the same report as a CSV or XLSX file through
 * POST /exports, followed until its download link is ready. "Your exports" is GET /exports: the
 * caller's own exports, newest first, with their state and, when done, a download link.
 */

/** Each report's columns as the API has them (the local-time twins after every other column). */
const reportColumns: Record<ReportName, readonly string[]> = {
  jobs: jobReportColumns,
  incidents: incidentReportColumns,
  audit: auditReportColumns,
};

const defaults: Record<ReportName, string[]> = {
  jobs: ['title', 'status', 'dueAt', 'ownerNames', 'location'],
  incidents: ['title', 'status', 'raisedAt', 'severity', 'ownerNames'],
  audit: ['at', 'action', 'actorKind', 'itemType', 'itemId'],
};

/** `externalUserEmailStatuses` → "External user email statuses"; `ownerIds` → "Owner IDs". */
export const columnName = (column: string) => {
  const words = column
    .replace(/([A-Z])/g, ' $1')
    .toLowerCase()
    .replace(/\bid(s?)\b/g, (_, plural) => `ID${plural}`)
    .replace(/\blocal$/, '(local time)');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const options = (values: string[], any: string): [string, string][] => [
  ['', any],
  ...values.map((v): [string, string] => [v, statusNames[v] ?? columnName(v)]),
];
const named = <T extends { id: string }>(items: T[], label: (x: T) => string, any: string): [string, string][] => [
  ['', any],
  ...items.map((x): [string, string] => [x.id, label(x)]),
];
const person = (x: { givenName: string; familyName: string }) => `${x.givenName} ${x.familyName}`;
const isoDay = (date: string, endOfDay = false) =>
  date ? `${date}T${endOfDay ? '23:59:59' : '00:00:00'}Z` : undefined;

/** A report cell as text: lists joined, flags as words, instants in the reader's time zone. */
function cellText(column: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => statusNames[v] ?? v).join('; ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (column.endsWith('At') && typeof value === 'string') return when(value);
  return String(value);
}

export async function reportsScreen(me: Me): Promise<void> {
  const rights = me.effectivePermissions.can;
  const reports: [ReportName, string][] = [];
  if (rights.job.access) reports.push(['jobs', 'Jobs']);
  if (rights.incident.access) reports.push(['incidents', 'Incidents']);
  reports.push(['audit', 'Audit trail']);
  const admin = isAdminRole(me);
  const [account, users, externals, customers] = await Promise.all([
    call<AccountSettings>('GET', '/account').catch(() => undefined),
    call<Page<StaffUser>>('GET', '/users?limit=100').catch(() => ({ items: [] as StaffUser[] })),
    call<Page<ExternalUser>>('GET', '/external-users?limit=100').catch(() => ({ items: [] as ExternalUser[] })),
    call<Page<Named>>('GET', '/customers?limit=100').catch(() => ({ items: [] as Named[] })),
  ]);
  const zone = Boolean(account?.timeZone);
  const message = messageArea();
  const report = select(
    'report',
    reports.map(([value, label]) => [value, label]),
  );
  const filterBox = h('div', { className: 'filters' });
  const columnBox = h('fieldset', { className: 'columns' });
  const form = h(
    'form',
    { className: 'form', attrs: { 'aria-label': 'Report and filters' } },
    field('Report', report),
    filterBox,
    columnBox,
    h('div', { className: 'actions' }, h('button', { type: 'submit', className: 'button primary' }, 'Run report')),
  );
  const count = h('p', { className: 'count', attrs: { role: 'status' } });
  const table = h('table', { className: 'report' });
  const more = h('button', { type: 'button', className: 'button', hidden: true }, 'Show more rows');
  const exportCsv = h('button', { type: 'button', className: 'button' }, 'Export CSV');
  const exportXlsx = h('button', { type: 'button', className: 'button' }, 'Export XLSX');
  const exportList = h('ul', { className: 'cards', attrs: { 'aria-label': 'Your exports' } });
  let values: () => Record<string, string | undefined> = () => ({});
  let columns: () => string[] = () => [];
  let cursor: string | undefined;

  const setUp = () => {
    const name = report.value as ReportName;
    if (name === 'audit') {
      const itemType = select('itemType', [
        ['', 'Jobs and incidents'],
        ['job', 'Jobs'],
        ['incident', 'Incidents'],
      ]);
      const itemId = h('input', { type: 'text', name: 'itemId', required: !admin, autocomplete: 'off' });
      const externalUser = select('externalUserId', named(externals.items, person, 'Any external user'));
      const from = h('input', { type: 'date', name: 'from' });
      const to = h('input', { type: 'date', name: 'to' });
      filterBox.replaceChildren(
        field('Item type', itemType),
        field(
          'Item ID',
          itemId,
          admin
            ? "One item's whole trail; leave empty for the external activity."
            : "One item's whole trail (the external activity is for admin roles).",
        ),
        ...(admin ? [field('External user', externalUser), field('From', from), field('To', to)] : []),
      );
      values = () =>
        itemId.value.trim()
          ? { itemType: itemType.value || 'job', itemId: itemId.value.trim() }
          : {
              itemType: itemType.value,
              externalUserId: externalUser.value,
              from: isoDay(from.value),
              to: isoDay(to.value, true),
            };
    } else {
      const kind = name === 'jobs' ? 'job' : 'incident';
      const status = select(
        'status',
        options(
          kind === 'job' ? ['open', 'in_progress', 'completed', 'cancelled'] : ['open', 'in_progress', 'closed'],
          'Any status',
        ),
      );
      const from = h('input', { type: 'date', name: 'from' });
      const to = h('input', { type: 'date', name: 'to' });
      const owner = select('ownerId', named(users.items, person, 'Anyone'));
      const department = select(
        'departmentId',
        named(account?.departments ?? [], (d) => d.name, 'Any department'),
      );
      const privacy = select('privacyStatusId', [
        ...named(account?.privacyStatuses ?? [], (d) => d.name, 'Any privacy'),
        ['none', 'Not confidential'],
      ]);
      const externalUser = select('externalUserId', named(externals.items, person, 'Any external user'));
      const emailStatus = select(
        'externalUserEmailStatus',
        options(['pending', 'sent', 'failed', 'bounced', 'complained'], 'Any e-mail status'),
      );
      const linkState = select('linkState', options(['open', 'completed', 'past_due', 'revoked'], 'Any link state'));
      const progress = select('checklistProgress', options(['none', 'partial', 'complete'], 'Any progress'));
      const customer = select(
        'customerId',
        named(customers.items, (c) => c.name, 'Any customer'),
      );
      const site = select('siteId', [['', 'Any site']]);
      customer.addEventListener('change', async () => {
        const sites = customer.value
          ? await call<Page<Named>>('GET', `/customers/${encodeURIComponent(customer.value)}/sites?limit=100`).catch(
              () => ({ items: [] as Named[] }),
            )
          : { items: [] };
        site.replaceChildren(
          ...named(sites.items, (s) => s.name, 'Any site').map(([v, l]) => h('option', { value: v }, l)),
        );
      });
      const archived = select('archived', [
        ['false', 'Current'],
        ['true', 'Archived'],
      ]);
      const word = kind === 'job' ? 'Due' : 'Raised';
      filterBox.replaceChildren(
        field('Status', status),
        field(`${word} from`, from),
        field(`${word} to`, to),
        field('Owner', owner),
        field('Department', department),
        field('Privacy status', privacy),
        field('External user', externalUser, 'Not combined with owner or department.'),
        field('External user e-mail', emailStatus),
        field('Link state', linkState),
        field('Checklist progress', progress),
        ...(customers.items.length ? [field('Customer', customer), field('Site', site)] : []),
        field('Shown', archived),
      );
      values = () => ({
        status: status.value,
        [`${kind === 'job' ? 'due' : 'raised'}From`]: isoDay(from.value),
        [`${kind === 'job' ? 'due' : 'raised'}To`]: isoDay(to.value, true),
        ownerId: owner.value,
        departmentId: department.value,
        privacyStatusId: privacy.value,
        externalUserId: externalUser.value,
        externalUserEmailStatus: emailStatus.value,
        linkState: linkState.value,
        checklistProgress: progress.value,
        customerId: customer.value,
        siteId: site.value,
        archived: archived.value === 'true' ? 'true' : undefined,
      });
    }
    // Each date column's twin in the account's time zone (asked for by name, only when it has
    // one) is offered right after it.
    const all = reportColumns[name];
    const withTwins = all
      .filter((c) => !isLocalColumn(c))
      .flatMap((c) => (zone && all.includes(localColumnOf(c)) ? [c, localColumnOf(c)] : [c]));
    const boxes = withTwins.map((column) => {
      const box = h('input', {
        type: 'checkbox',
        name: 'columns',
        value: column,
        checked: defaults[name].includes(column),
      });
      return { column, box };
    });
    columnBox.replaceChildren(
      h('legend', {}, 'Columns'),
      h(
        'div',
        { className: 'column-picks' },
        ...boxes.map(({ column, box }) => h('label', { className: 'check' }, box, columnName(column))),
      ),
    );
    columns = () => boxes.filter((b) => b.box.checked).map((b) => b.column);
    table.replaceChildren();
    count.textContent = '';
    more.hidden = true;
  };

  const load = async (reset: boolean) => {
    message.clear();
    const chosen = columns();
    if (!chosen.length) {
      message.fail(undefined);
      message.element.textContent = 'Choose at least one column.';
      return;
    }
    if (reset) cursor = undefined;
    try {
      const page = await call<ReportPage>(
        'GET',
        `/reports/${report.value}${query({ ...values(), columns: chosen.join(','), limit: 50, cursor })}`,
      );
      if (reset) {
        table.replaceChildren(
          h('caption', {}, `${report.selectedOptions[0]?.textContent ?? ''} report`),
          h('thead', {}, h('tr', {}, ...page.columns.map((c) => h('th', { scope: 'col' }, columnName(c))))),
          h('tbody'),
        );
      }
      const body = table.tBodies[0] as HTMLTableSectionElement;
      for (const row of page.rows) {
        body.append(
          h(
            'tr',
            {},
            ...page.columns.map((c) => h('td', { attrs: { 'data-label': columnName(c) } }, cellText(c, row[c]))),
          ),
        );
      }
      cursor = page.cursor;
      more.hidden = !cursor;
      const n = body.rows.length;
      count.textContent = n
        ? `${n} ${n === 1 ? 'row' : 'rows'} shown${cursor ? ', more to show' : ''}.`
        : 'No rows match.';
    } catch (error) {
      message.fail(error);
    }
  };

  /** The exports started on this screen, each shown from the moment it started. */
  const startedHere = new Set<string>();
  const startExport = async (format: 'csv' | 'xlsx', button: HTMLButtonElement) => {
    message.clear();
    button.disabled = true;
    try {
      const chosen = columns();
      const params = Object.fromEntries(
        Object.entries({ ...values(), columns: chosen.join(',') }).filter(
          (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
        ),
      );
      const started = await call<{ id: string }>('POST', '/exports', { report: report.value, format, query: params });
      startedHere.add(started.id);
      exportList.prepend(exportCard(started.id));
      message.say(`${format.toUpperCase()} export started: it is listed under Your exports.`);
    } catch (error) {
      message.fail(error);
    } finally {
      button.disabled = false;
    }
  };

  report.addEventListener('change', setUp);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(true);
  });
  more.addEventListener('click', () => void load(false));
  exportCsv.addEventListener('click', () => void startExport('csv', exportCsv));
  exportXlsx.addEventListener('click', () => void startExport('xlsx', exportXlsx));
  setUp();
  void call<Page<Export>>('GET', '/exports').then(
    // An export started before the list arrived is in it too, and shown already: once is enough.
    (page) => exportList.append(...page.items.filter((e) => !startedHere.has(e.id)).map((e) => exportCard(e.id, e))),
    (error) => message.fail(error),
  );

  show(
    h('h1', {}, 'Reports'),
    form,
    message.element,
    h('div', { className: 'actions' }, exportCsv, exportXlsx),
    count,
    h('div', { className: 'report-wrap' }, table),
    more,
    h('h2', {}, 'Your exports'),
    h(
      'p',
      { className: 'hint' },
      'Your latest exports; each is kept 7 days, and each download link works for 15 minutes (getting one is noted in the audit trail).',
    ),
    exportList,
  );
}

/**
 * One export, as `first` shows it (a row of GET /exports: no link) or read (GET /exports/{id}) again
 * with backoff (1 s, growing to 10 s) until it is done or failed; a done one listed without its
 * link offers a button that reads it (GET /exports/{id} issues the link).
 */
function exportCard(id: string, first?: Export) {
  const title = h('h3', { className: 'card-title' }, 'Export');
  const state = h('p', { className: 'meta', attrs: { role: 'status' } }, 'Starting…');
  const link = h('p', { className: 'meta' });
  const item = card(title, state, link);
  let delay = 1000;
  let shown = first;
  const poll = async () => {
    if (!item.isConnected && delay > 1000) return;
    try {
      const e = shown ?? (await call<Export>('GET', `/exports/${encodeURIComponent(id)}`));
      shown = undefined;
      const label = `${columnName(e.report)} ${e.format.toUpperCase()}`;
      title.textContent = `${label}, started ${when(e.createdAt)}`;
      const rows = `${e.rowsWritten} ${e.rowsWritten === 1 ? 'row' : 'rows'} written`;
      state.textContent = e.expired
        ? `Expired: ${rows}; start it again for a new file.`
        : e.status === 'done'
          ? `Done: ${rows}.`
          : e.status === 'failed'
            ? `Failed: ${e.failureReason ?? 'the file could not be written'}.`
            : e.status === 'running'
              ? `Writing: ${rows} so far.`
              : 'Queued.';
      if (e.download) {
        link.replaceChildren(
          h('a', { href: e.download.url, attrs: { download: true } }, `Download ${label}`),
          ` (link valid until ${when(e.download.expiresAt)})`,
        );
      } else if (e.status === 'done' && !e.expired) {
        // A row of the list carries no link (a link issued is audited as a download): ask for one.
        const get = h('button', { type: 'button', className: 'secondary' }, `Get the link for ${label}`);
        get.addEventListener('click', () => {
          shown = undefined;
          get.disabled = true;
          void poll();
        });
        link.replaceChildren(get);
      }
      if (e.status === 'done' || e.status === 'failed') return;
    } catch (error) {
      state.textContent = error instanceof Error ? error.message : 'Could not read the export.';
      if (error && typeof error === 'object' && 'status' in error && error.status === 404) return;
    }
    delay = Math.min(delay * 1.5, 10_000);
    setTimeout(() => void poll(), delay);
  };
  void poll();
  return item;
}
