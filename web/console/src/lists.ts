import { h, show } from '../../src/dom';
import { call, query } from './api';
import { whyNot } from './permissions';
import { go } from './router';
import type { ExternalUser, Me, Page, StaffUser, WorkItem } from './types';
import { actionButton, card, field, link, messageArea, select, statusNames, when } from './ui';

/*
 * The jobs and incidents lists: the API's filters (status, owner, archived, a date range), one
 * page at a time with "Show more". Each item is a card that links to its review screen; cards
 * stack on a phone and tile on a desktop.
 */

const statuses = {
  job: ['open', 'in_progress', 'completed', 'cancelled'],
  incident: ['open', 'in_progress', 'closed'],
};

export async function listScreen(me: Me, kind: 'job' | 'incident'): Promise<void> {
  const title = kind === 'job' ? 'Jobs' : 'Incidents';
  const [users, externals] = await Promise.all([
    call<Page<StaffUser>>('GET', '/users?limit=100').catch(() => ({ items: [] as StaffUser[] })),
    call<Page<ExternalUser>>('GET', '/external-users?limit=100').catch(() => ({ items: [] as ExternalUser[] })),
  ]);
  const message = messageArea();
  const status = select('status', [
    ['', 'Any status'],
    ...statuses[kind].map((s): [string, string] => [s, statusNames[s] ?? s]),
  ]);
  const owner = select('owner', [
    ['', 'Anyone'],
    ...users.items.map((u): [string, string] => [u.id, `${u.givenName} ${u.familyName}`]),
  ]);
  const external = select('external', [
    ['', 'Any external user'],
    ...externals.items.map((x): [string, string] => [x.id, `${x.givenName} ${x.familyName}`]),
  ]);
  const archived = select('archived', [
    ['false', 'Current'],
    ['true', 'Archived'],
  ]);
  const from = h('input', { type: 'date', name: 'from' });
  const to = h('input', { type: 'date', name: 'to' });
  const dateWord = kind === 'job' ? 'Due' : 'Raised';
  const filters = h(
    'form',
    { className: 'filters', attrs: { 'aria-label': `Filter ${title.toLowerCase()}` } },
    field('Status', status),
    field('Owner', owner),
    field('External user', external),
    field('Shown', archived),
    field(`${dateWord} from`, from),
    field(`${dateWord} to`, to),
    h('button', { type: 'submit', className: 'button' }, 'Apply filters'),
  );
  const list = h('ul', { className: 'cards', attrs: { 'aria-label': title } });
  const more = h('button', { type: 'button', className: 'button', hidden: true }, `Show more ${title.toLowerCase()}`);
  const count = h('p', { className: 'count', attrs: { role: 'status' } });
  let cursor: string | undefined;

  const load = async (reset: boolean) => {
    if (reset) {
      list.replaceChildren();
      cursor = undefined;
    }
    const range =
      kind === 'job'
        ? { dueFrom: iso(from.value), dueTo: iso(to.value, true) }
        : { raisedFrom: iso(from.value), raisedTo: iso(to.value, true) };
    try {
      const page = await call<Page<WorkItem>>(
        'GET',
        `/${kind}s${query({ limit: 20, status: status.value, ownerId: owner.value, externalUserId: external.value, archived: archived.value, ...range, cursor })}`,
      );
      for (const item of page.items) list.append(itemCard(kind, item));
      cursor = page.cursor;
      more.hidden = !cursor;
      count.textContent = list.children.length
        ? `${list.children.length} shown${cursor ? ', more to show' : ''}.`
        : `No ${title.toLowerCase()} match.`;
    } catch (error) {
      message.fail(error);
    }
  };
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(true);
  });
  more.addEventListener('click', () => void load(false));

  show(
    h('h1', {}, title),
    h(
      'div',
      { className: 'actions' },
      actionButton(`New ${kind}`, whyNot.create(me, kind), () => go(`/${kind}s/new`), 'button primary'),
    ),
    filters,
    message.element,
    count,
    list,
    more,
  );
  await load(true);
}

const iso = (date: string, endOfDay = false) => (date ? `${date}T${endOfDay ? '23:59:59' : '00:00:00'}Z` : undefined);

function itemCard(kind: 'job' | 'incident', item: WorkItem) {
  return card(
    h('h2', { className: 'card-title' }, link(`/${kind}s/${item.id}`, item.title)),
    h(
      'p',
      { className: 'meta' },
      `${statusNames[item.status] ?? item.status} · ${kind === 'job' ? `due ${when(item.dueAt)}` : `raised ${when(item.raisedAt)}`} · ${item.location.text}`,
    ),
    item.ownerNames?.length ? h('p', { className: 'meta' }, `Owners: ${item.ownerNames.join(', ')}`) : null,
  );
}
