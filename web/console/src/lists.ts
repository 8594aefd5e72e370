import { h, show, uid } from '../../src/dom';
import { call, query } from './api';
import { type Kind, statusesOf } from './job-form';
import { whyNot } from './permissions';
import { go } from './router';
import type { Account, Customer, ExternalUser, Me, Page, Site, StaffUser, WorkItem } from './types';
import { actionButton, card, field, link, messageArea, select, statusNames, when } from './ui';

/*
 * The jobs and incidents lists, with every filter the list routes take: status, owner,
 * department, privacy status, external user, customer and site (those three only when the account
 * has any), current or archived, a date range; one page at a time with "Show more". The API picks
 * rows by owner and department together, or by one of external user, customer and site alone: the
 * other pickers are disabled, with the reason, while one of those is chosen. The search box sends
 * `q` to the server (a reference, or words of the title), debounced, with the other filters, and
 * pages with the server's cursor: a search page may come back short or empty with a cursor (the
 * server reads a bounded number of rows a request), so an empty one is followed a few times before
 * the screen says nothing matched so far. Each item is a card linking to its review screen; cards
 * stack on a phone and tile on a desktop.
 */

const alone = 'An external user, customer or site filter goes alone (with status, privacy, shown and dates).';

export async function listScreen(me: Me, kind: Kind): Promise<void> {
  const title = kind === 'job' ? 'Jobs' : 'Incidents';
  const none = { items: [] };
  const [users, externals, customers, account] = await Promise.all([
    call<Page<StaffUser>>('GET', '/users?limit=100').catch(() => none as Page<StaffUser>),
    call<Page<ExternalUser>>('GET', '/external-users?limit=100').catch(() => none as Page<ExternalUser>),
    call<Page<Customer>>('GET', '/customers?limit=100').catch(() => none as Page<Customer>),
    call<Account>('GET', '/account').catch(() => undefined),
  ]);
  const message = messageArea();
  const named = (list: { id: string; name: string }[]) => list.map((x): [string, string] => [x.id, x.name]);
  const status = select('status', [
    ['', 'Any status'],
    ...statusesOf[kind].map((s): [string, string] => [s, statusNames[s] ?? s]),
  ]);
  const owner = select('owner', [
    ['', 'Anyone'],
    ...users.items.map((u): [string, string] => [u.id, `${u.givenName} ${u.familyName}`]),
  ]);
  const departments = account?.departments ?? [];
  const department = select('department', [['', 'Any department'], ...named(departments)]);
  const privacy = select('privacy', [
    ['', 'Any privacy'],
    ['none', 'Not confidential'],
    ...named(account?.privacyStatuses ?? []),
  ]);
  const external = select('external', [
    ['', 'Any external user'],
    ...externals.items.map((x): [string, string] => [x.id, `${x.givenName} ${x.familyName}`]),
  ]);
  const customer = select('customer', [['', 'Any customer'], ...named(customers.items)]);
  const site = select('site', [['', 'Any site']]);
  const archived = select('archived', [
    ['false', 'Current'],
    ['true', 'Archived'],
  ]);
  const from = h('input', { type: 'date', name: 'from' });
  const to = h('input', { type: 'date', name: 'to' });
  const search = h('input', { type: 'search', name: 'q', maxLength: 100 });
  const dateWord = kind === 'job' ? 'Due' : 'Raised';
  const whyId = uid('why');
  const why = h('p', { id: whyId, className: 'reason', hidden: true }, alone);

  // Row pickers: owner and department together, or one of the others alone.
  const together = [owner, ...(departments.length ? [department] : [])];
  const single = [external, ...(customers.items.length ? [customer] : [])];
  const pickers = () => {
    const chosen = single.find((s) => s.value);
    for (const s of [...together, ...single]) {
      const off = chosen ? s !== chosen : single.includes(s) && together.some((t) => t.value);
      s.disabled = off;
      if (off) s.setAttribute('aria-describedby', whyId);
      else s.removeAttribute('aria-describedby');
    }
    why.hidden = !chosen && !together.some((t) => t.value);
  };
  for (const s of [...together, ...single]) s.addEventListener('change', pickers);
  const siteField = field('Site', site);
  siteField.hidden = true;
  customer.addEventListener('change', async () => {
    site.replaceChildren(h('option', { value: '' }, 'Any site'));
    siteField.hidden = !customer.value;
    if (!customer.value) return;
    const sites = await call<Page<Site>>(
      'GET',
      `/customers/${encodeURIComponent(customer.value)}/sites?limit=100`,
    ).catch(() => none as Page<Site>);
    for (const [value, label] of named(sites.items)) site.append(h('option', { value }, label));
  });

  const filters = h(
    'form',
    { className: 'filters', attrs: { 'aria-label': `Filter ${title.toLowerCase()}` } },
    field('Status', status),
    field('Owner', owner),
    departments.length ? field('Department', department) : null,
    field('Privacy', privacy),
    field('External user', external),
    customers.items.length ? field('Customer', customer) : null,
    customers.items.length ? siteField : null,
    field('Shown', archived),
    field(`${dateWord} from`, from),
    field(`${dateWord} to`, to),
    why,
    h('button', { type: 'submit', className: 'button' }, 'Apply filters'),
  );
  const find = h(
    'form',
    { className: 'filters', attrs: { role: 'search', 'aria-label': `Search ${title.toLowerCase()}` } },
    field('Search', search, 'Words of the title, or a reference.'),
  );
  const list = h('ul', { className: 'cards', attrs: { 'aria-label': title } });
  const more = h('button', { type: 'button', className: 'button', hidden: true }, `Show more ${title.toLowerCase()}`);
  const count = h('p', { className: 'count', attrs: { role: 'status' } });
  let cursor: string | undefined;

  const counted = () => {
    const shown = list.children.length;
    const searching = search.value.trim() !== '';
    count.textContent = shown
      ? `${shown} shown${cursor ? ', more to show' : ''}.`
      : cursor
        ? `No ${title.toLowerCase()} match so far: show more to search further.`
        : `No ${title.toLowerCase()} ${searching ? 'match the search' : 'match'}.`;
  };
  let typing: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      message.clear();
      void load(true);
    }, 300);
  });
  find.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typing);
    message.clear();
    void load(true);
  });

  // Each load has a number, so an answer to an older search or filter never lands in a newer list.
  let latest = 0;
  const load = async (reset: boolean) => {
    const mine = ++latest;
    if (reset) {
      list.replaceChildren();
      cursor = undefined;
      count.textContent = 'Loading…';
    }
    const range =
      kind === 'job'
        ? { dueFrom: iso(from.value), dueTo: iso(to.value, true) }
        : { raisedFrom: iso(from.value), raisedTo: iso(to.value, true) };
    const pick = (s: HTMLSelectElement) => (s.disabled || (s === customer && site.value) ? undefined : s.value);
    const q = search.value.trim() || undefined;
    try {
      // A search page may be empty and still go on: follow it a few times before saying so.
      for (let tries = 0; tries < 5; tries++) {
        const page = await call<Page<WorkItem>>(
          'GET',
          `/${kind}s${query({
            limit: 20,
            status: status.value,
            ownerId: pick(owner),
            departmentId: pick(department),
            privacyStatusId: privacy.value,
            externalUserId: pick(external),
            customerId: pick(customer),
            siteId: customer.disabled ? undefined : site.value,
            archived: archived.value,
            ...range,
            q,
            cursor,
          })}`,
        );
        if (mine !== latest) return;
        for (const item of page.items) list.append(itemCard(kind, item));
        cursor = page.cursor;
        if (page.items.length > 0 || !cursor) break;
      }
      more.hidden = !cursor;
      counted();
    } catch (error) {
      if (mine === latest) message.fail(error);
    }
  };
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    message.clear();
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
    find,
    message.element,
    count,
    list,
    more,
  );
  await load(true);
}

const iso = (date: string, endOfDay = false) => (date ? `${date}T${endOfDay ? '23:59:59' : '00:00:00'}Z` : undefined);

function itemCard(kind: Kind, item: WorkItem) {
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
