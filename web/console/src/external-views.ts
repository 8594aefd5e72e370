import { h, show } from '../../src/dom';
import { ApiError, call } from './api';
import { go } from './router';
import { allPages, checkboxes, flash, flashArea, manageSettings, named, nothingHere } from './settings-ui';
import type { ExternalView, Me, ViewColumn } from './types';
import { actionButton, busy, card, field, link, messageArea, select } from './ui';

/*
 * External views (admin roles; docs/client-access.md): saved views of jobs or of the calendar that
 * external roles allow. `/external-views` lists them; `/external-views/new` and `/external-views/<id>`
 * are the form: name, kind, columns (jobs views, in the API's order), status and category filters
 * and a due window. Never a customer or site filter: each client's access gives the scope.
 */

export const columnNames: Record<ViewColumn, string> = {
  title: 'Title',
  status: 'Status',
  dueAt: 'Due',
  location: 'Location',
  category: 'Category',
  customer: 'Customer',
  site: 'Site',
  owners: 'Owners',
  createdAt: 'Created',
  updatedAt: 'Last changed',
};
const statusNames: [string, string][] = [
  ['open', 'Open'],
  ['in_progress', 'In progress'],
  ['completed', 'Completed'],
  ['cancelled', 'Cancelled'],
];

export function externalViewsScreen(me: Me, [id, ...extra]: string[]): Promise<void> | void {
  if (extra.length) return nothingHere();
  if (!id) return viewList(me);
  return viewForm(me, id === 'new' ? undefined : id);
}

async function viewList(me: Me): Promise<void> {
  const manage = manageSettings(me);
  const views = await allPages<ExternalView>('/external-views');
  const list = h(
    'ul',
    { className: 'cards', attrs: { 'aria-label': 'External views' } },
    ...views.map((view) =>
      card(
        h('h2', { className: 'card-title' }, link(`/external-views/${view.id}`, view.name)),
        h('p', { className: 'meta' }, describeView(view)),
      ),
    ),
  );
  show(
    h('h1', {}, 'External views'),
    flashArea().element,
    h(
      'p',
      {},
      'Saved views of jobs or of the calendar. External roles allow them; client access gives each client the jobs they show.',
    ),
    h(
      'div',
      { className: 'actions' },
      actionButton('New view', manage, () => go('/external-views/new'), 'button primary'),
    ),
    views.length ? list : h('p', {}, 'No external views yet.'),
  );
}

/** A view in one line: kind, columns, filters. */
function describeView(view: ExternalView): string {
  const parts = [view.kind === 'jobs' ? 'Job list' : 'Calendar'];
  if (view.columns.length) parts.push(view.columns.map((c) => columnNames[c]).join(', '));
  const f = view.filters;
  if (f.statuses?.length) parts.push(`status ${f.statuses.join(', ').replaceAll('_', ' ')}`);
  if (f.categoryIds?.length) parts.push(`${f.categoryIds.length} categories`);
  if (f.dueWithinDays) parts.push(`due within ${f.dueWithinDays} days`);
  if (f.dueFrom || f.dueTo) parts.push(`due ${f.dueFrom?.slice(0, 10) ?? '…'} to ${f.dueTo?.slice(0, 10) ?? '…'}`);
  return parts.join(' · ');
}

async function viewForm(me: Me, id: string | undefined): Promise<void> {
  const manage = manageSettings(me);
  const view = id
    ? await call<ExternalView>('GET', `/external-views/${encodeURIComponent(id)}`).catch(() => undefined)
    : undefined;
  if (id && !view) return nothingHere();
  const categories = await allPages<{ id: string; name: string; archived?: boolean }>('/job-categories', 1).catch(
    () => [],
  );
  const message = messageArea();
  const name = h('input', { type: 'text', name: 'name', required: true, maxLength: 100, value: view?.name ?? '' });
  const kind = select(
    'kind',
    [
      ['jobs', 'Job list'],
      ['calendar', 'Calendar (job dates)'],
    ],
    view?.kind,
  );
  const columns = checkboxes(
    'Columns',
    Object.entries(columnNames) as [string, string][],
    view?.columns ?? ['title', 'status', 'dueAt'],
    'Job lists show these, in this order. A calendar has none.',
  );
  const statuses = checkboxes('Only jobs with status', statusNames, view?.filters.statuses, 'None ticked: any status.');
  const categoryBoxes = checkboxes(
    'Only jobs of category',
    named(categories.filter((c) => !c.archived || view?.filters.categoryIds?.includes(c.id))),
    view?.filters.categoryIds,
    'None ticked: any category.',
  );
  const f = view?.filters;
  const due = select(
    'due',
    [
      ['', 'Any due date'],
      ['within', 'Due within a number of days'],
      ['range', 'Due between two dates'],
    ],
    f?.dueWithinDays ? 'within' : f?.dueFrom || f?.dueTo ? 'range' : '',
  );
  const days = h('input', {
    type: 'number',
    name: 'days',
    min: '1',
    max: '366',
    value: f?.dueWithinDays ? String(f.dueWithinDays) : '30',
  });
  const from = h('input', { type: 'date', name: 'from', value: f?.dueFrom?.slice(0, 10) ?? '' });
  const to = h('input', { type: 'date', name: 'to', value: f?.dueTo?.slice(0, 10) ?? '' });
  const daysField = field('Days from today', days);
  const rangeFields = h('div', { className: 'inline' }, field('Due from', from), field('Due to', to));
  const dueFields = h('div', { className: 'form' }, field('Due date', due), daysField, rangeFields);
  const sync = () => {
    const jobs = kind.value === 'jobs';
    columns.element.hidden = !jobs;
    dueFields.hidden = !jobs;
    daysField.hidden = due.value !== 'within';
    rangeFields.hidden = due.value !== 'range';
  };
  kind.addEventListener('change', sync);
  due.addEventListener('change', sync);
  sync();

  const submit = h(
    'button',
    { type: 'submit', className: 'button primary', disabled: !!manage },
    view ? 'Save view' : 'Create view',
  );
  const form = h(
    'form',
    { className: 'form' },
    field('View name', name),
    field('Shows', kind),
    columns.element,
    statuses.element,
    categoryBoxes.element,
    dueFields,
    manage ? h('p', { className: 'reason' }, manage) : null,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      const jobs = kind.value === 'jobs';
      const filters: ExternalView['filters'] = {};
      if (statuses.values().length) filters.statuses = statuses.values();
      if (categoryBoxes.values().length) filters.categoryIds = categoryBoxes.values();
      if (jobs && due.value === 'within') filters.dueWithinDays = Number(days.value);
      if (jobs && due.value === 'range') {
        if (from.value) filters.dueFrom = `${from.value}T00:00:00Z`;
        if (to.value) filters.dueTo = `${to.value}T23:59:59Z`;
      }
      const body = {
        name: name.value.trim(),
        kind: kind.value,
        ...(jobs ? { columns: columns.values() } : {}),
        filters,
        ...(view ? { version: view.version } : {}),
      };
      try {
        const saved = view
          ? await call<ExternalView>('PUT', `/external-views/${view.id}`, body)
          : await call<ExternalView>('POST', '/external-views', body);
        flash(`${saved.name} was ${view ? 'saved' : 'created'}.`);
        go('/external-views');
      } catch (error) {
        message.fail(error);
        if (error instanceof ApiError && error.status === 409)
          message.element.textContent = 'This view was changed by someone else — reload to see their changes.';
      }
    });
  });

  const remove = view
    ? actionButton(`Delete ${view.name}`, manage, async () => {
        try {
          await call('DELETE', `/external-views/${view.id}?version=${view.version}`);
          flash(`${view.name} was deleted.`);
          go('/external-views');
        } catch (error) {
          message.fail(error);
          const roles =
            error instanceof ApiError ? (error.details?.roles as { name: string }[] | undefined) : undefined;
          if (roles?.length)
            message.element.textContent = `Roles allow this view: ${roles.map((r) => r.name).join(', ')}. Take it out of them first.`;
        }
      })
    : null;
  show(
    h('p', { className: 'crumbs' }, link('/external-views', 'External views')),
    h('h1', {}, view ? `Edit ${view.name}` : 'New external view'),
    message.element,
    form,
    remove ? h('div', { className: 'actions' }, remove) : null,
  );
}
