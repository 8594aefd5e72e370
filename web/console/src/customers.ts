import { h, show } from '../../src/dom';
import { call, query } from './api';
import { confirmDialog } from './confirm-dialog';
import { go } from './router';
import { allPages, flash, flashArea, manageSettings, messageAfterReload, nothingHere } from './settings-ui';
import type { CustomerRecord, Me, Page, SiteRecord } from './types';
import { actionButton, busy, card, field, link, messageArea, select } from './ui';

/*
 * Customers and their sites (admin roles: "other settings"). `/customers`: search by the start of
 * the name, current or archived, 20 a page; add one. `/customers/<id>`: edit, archive or restore
 * it, and its sites as a tree (master sites, each with its sub-sites in a nested list, so a screen
 * reader says "list, 2 items" inside a master's item); add, edit, archive and restore sites.
 */

type Message = ReturnType<typeof messageArea>;

export function customersScreen(me: Me, [id, ...extra]: string[]): Promise<void> | void {
  if (extra.length) return nothingHere();
  return id ? customerScreen(me, id) : customerList(me);
}

async function customerList(me: Me): Promise<void> {
  const message = flashArea();
  const manage = manageSettings(me);
  const search = h('input', { type: 'search', name: 'q', maxLength: 200 });
  const archived = select('archived', [
    ['false', 'Current'],
    ['true', 'Archived'],
    ['', 'Current and archived'],
  ]);
  const filters = h(
    'form',
    { className: 'filters', attrs: { role: 'search', 'aria-label': 'Customers' } },
    field('Name starts with', search),
    field('Show', archived),
    h('button', { type: 'submit', className: 'button' }, 'Search'),
  );
  const list = h('ul', { className: 'cards', attrs: { 'aria-label': 'Customers' } });
  const more = h('button', { type: 'button', className: 'button', hidden: true }, 'Show more customers');
  const count = h('p', { className: 'count', attrs: { role: 'status' } });
  let cursor: string | undefined;
  // A search sent while the previous one is on its way: only the latest one's answer is shown.
  let latest = 0;
  const load = async (reset: boolean) => {
    const mine = ++latest;
    if (reset) cursor = undefined;
    try {
      const page = await call<Page<CustomerRecord>>(
        'GET',
        `/customers${query({ limit: 20, q: search.value.trim(), archived: archived.value, cursor })}`,
      );
      if (mine !== latest) return;
      if (reset) list.replaceChildren();
      for (const customer of page.items) {
        list.append(
          card(
            h('h2', { className: 'card-title' }, link(`/customers/${customer.id}`, customer.name)),
            h(
              'p',
              { className: 'meta' },
              [customer.reference, customer.archived && 'Archived'].filter(Boolean).join(' · '),
            ),
          ),
        );
      }
      cursor = page.cursor;
      more.hidden = !cursor;
      count.textContent = list.children.length
        ? `${list.children.length} shown${cursor ? ', more to show' : ''}.`
        : 'No customers match.';
    } catch (error) {
      message.fail(error);
    }
  };
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(true);
  });
  more.addEventListener('click', () => void load(false));

  let create: HTMLElement = h('p', { className: 'reason' }, manage ?? '');
  if (!manage) {
    const name = h('input', { type: 'text', name: 'name', required: true, maxLength: 200 });
    const reference = h('input', { type: 'text', name: 'reference', maxLength: 100 });
    const submit = h('button', { type: 'submit', className: 'button primary' }, 'Add customer');
    const form = h(
      'form',
      { className: 'form' },
      field('Customer name', name),
      field('Reference', reference, 'Optional: their account number elsewhere.'),
      submit,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void busy(submit, async () => {
        try {
          const made = await call<CustomerRecord>('POST', '/customers', {
            name: name.value.trim(),
            ...(reference.value.trim() ? { reference: reference.value.trim() } : {}),
          });
          message.say(`${made.name} was added.`);
          form.reset();
          await load(true);
        } catch (error) {
          message.fail(error);
        }
      });
    });
    create = h('details', { className: 'create' }, h('summary', {}, 'Add a customer'), form);
  }
  show(h('h1', {}, 'Customers'), message.element, filters, create, count, list, more);
  await load(true);
}

async function customerScreen(me: Me, id: string): Promise<void> {
  const path = `/customers/${encodeURIComponent(id)}`;
  const customer = await call<CustomerRecord>('GET', path).catch(() => undefined);
  if (!customer) return nothingHere();
  const manage = manageSettings(me);
  const message = messageArea();
  const sites = await allPages<SiteRecord>(`${path}/sites`);
  const reload = () => customerScreen(me, id);

  const facts = h(
    'dl',
    { className: 'facts' },
    h('dt', {}, 'Reference'),
    h('dd', {}, customer.reference ?? '—'),
    h('dt', {}, 'Status'),
    h('dd', {}, customer.archived ? 'Archived' : 'Current'),
  );
  const controls = h('div', { className: 'actions' });
  const archiveLabel = customer.archived ? `Restore ${customer.name}` : `Archive ${customer.name}`;
  controls.append(
    actionButton('Edit customer', manage, () => {
      controls.replaceChildren(customerForm(customer, message, reload));
      controls.querySelector('input')?.focus();
    }),
    actionButton(archiveLabel, manage, async () => {
      try {
        await call('POST', `${path}/${customer.archived ? 'restore' : 'archive'}`);
        await reload();
        messageAfterReload(`${customer.name} was ${customer.archived ? 'restored' : 'archived'}.`);
      } catch (error) {
        message.fail(error);
      }
    }),
    actionButton(
      `Delete ${customer.name}`,
      manage,
      (event) =>
        confirmDialog({
          title: `Delete ${customer.name}?`,
          text: `The customer ${customer.name} goes for good. A customer that items, sites or client access still name is not deleted: archive it instead.`,
          confirm: `Delete ${customer.name}`,
          opener: event.currentTarget as HTMLElement,
          action: () => call('DELETE', path),
          done: () => {
            flash(`${customer.name} was deleted.`);
            go('/customers');
          },
        }),
      'button danger',
    ),
  );

  const masters = sites.filter((s) => !s.parentSiteId);
  const tree = h('ul', { className: 'site-tree', attrs: { 'aria-label': `Sites of ${customer.name}` } });
  for (const master of masters) {
    const subs = sites.filter((s) => s.parentSiteId === master.id);
    const item = siteItem(me, master, message, reload);
    if (subs.length) {
      item.append(
        h(
          'ul',
          { className: 'site-tree', attrs: { 'aria-label': `Sub-sites of ${master.name}` } },
          ...subs.map((sub) => siteItem(me, sub, message, reload)),
        ),
      );
    }
    tree.append(item);
  }

  show(
    h('p', { className: 'crumbs' }, link('/customers', 'Customers')),
    h('h1', {}, customer.name),
    message.element,
    facts,
    controls,
    h('h2', {}, 'Sites'),
    manage || customer.archived
      ? h('p', { className: 'reason' }, manage ?? 'An archived customer gets no new sites: restore it first.')
      : siteForm(customer, masters, message, reload),
    sites.length ? tree : h('p', {}, 'No sites yet.'),
  );
}

function customerForm(customer: CustomerRecord, message: Message, reload: () => Promise<unknown>) {
  const name = h('input', { type: 'text', name: 'name', required: true, maxLength: 200, value: customer.name });
  const reference = h('input', { type: 'text', name: 'reference', maxLength: 100, value: customer.reference ?? '' });
  const submit = h('button', { type: 'submit', className: 'button primary' }, 'Save customer');
  const form = h('form', { className: 'form' }, field('Customer name', name), field('Reference', reference), submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      try {
        await call('PATCH', `/customers/${customer.id}`, {
          version: customer.version,
          name: name.value.trim(),
          reference: reference.value.trim() || null,
        });
        await reload();
        messageAfterReload(`${name.value.trim()} was saved.`);
      } catch (error) {
        message.fail(error);
      }
    });
  });
  return form;
}

function siteForm(customer: CustomerRecord, masters: SiteRecord[], message: Message, reload: () => Promise<unknown>) {
  const name = h('input', { type: 'text', name: 'site-name', required: true, maxLength: 200 });
  const address = h('input', { type: 'text', name: 'address', maxLength: 500 });
  const parent = select('parent', [
    ['', 'None: a master site'],
    ...masters.filter((m) => !m.archived).map((m): [string, string] => [m.id, m.name]),
  ]);
  const submit = h('button', { type: 'submit', className: 'button primary' }, 'Add site');
  const form = h(
    'form',
    { className: 'form' },
    field('Site name', name),
    field('Address', address, 'Optional.'),
    field('Sub-site of', parent),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      try {
        await call('POST', `/customers/${customer.id}/sites`, {
          name: name.value.trim(),
          ...(address.value.trim() ? { address: address.value.trim() } : {}),
          ...(parent.value ? { parentSiteId: parent.value } : {}),
        });
        const said = `${name.value.trim()} was added.`;
        await reload();
        messageAfterReload(said);
      } catch (error) {
        message.fail(error);
      }
    });
  });
  return h('details', { className: 'create' }, h('summary', {}, 'Add a site'), form);
}

function siteItem(me: Me, site: SiteRecord, message: Message, reload: () => Promise<unknown>): HTMLLIElement {
  const manage = manageSettings(me);
  const controls = h('div', { className: 'actions' });
  const kind = site.parentSiteId ? 'Sub-site' : 'Master site';
  controls.append(
    actionButton(`Edit ${site.name}`, manage, () => {
      controls.replaceChildren(siteEditForm(site, message, reload));
      controls.querySelector('input')?.focus();
    }),
    actionButton(`${site.archived ? 'Restore' : 'Archive'} ${site.name}`, manage, async () => {
      try {
        await call('POST', `/sites/${site.id}/${site.archived ? 'restore' : 'archive'}`);
        await reload();
        messageAfterReload(`${site.name} was ${site.archived ? 'restored' : 'archived'}.`);
      } catch (error) {
        message.fail(error);
      }
    }),
    actionButton(
      `Delete ${site.name}`,
      manage,
      (event) =>
        confirmDialog({
          title: `Delete ${site.name}?`,
          text: `The ${kind.toLowerCase()} ${site.name} goes for good. A site that items, sub-sites or client access still name is not deleted: archive it instead.`,
          confirm: `Delete ${site.name}`,
          opener: event.currentTarget as HTMLElement,
          action: () => call('DELETE', `/sites/${site.id}`),
          done: async () => {
            await reload();
            messageAfterReload(`${site.name} was deleted.`);
          },
        }),
      'button danger',
    ),
  );
  return h(
    'li',
    { className: 'site' },
    h('h3', {}, site.name),
    h('p', { className: 'meta' }, [kind, site.address, site.archived && 'Archived'].filter(Boolean).join(' · ')),
    controls,
  );
}

function siteEditForm(site: SiteRecord, message: Message, reload: () => Promise<unknown>) {
  const name = h('input', { type: 'text', name: 'site-name', required: true, maxLength: 200, value: site.name });
  const address = h('input', { type: 'text', name: 'address', maxLength: 500, value: site.address ?? '' });
  const submit = h('button', { type: 'submit', className: 'button primary' }, 'Save site');
  const form = h(
    'form',
    { className: 'form' },
    field(`Name of ${site.name}`, name),
    field(`Address of ${site.name}`, address),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      try {
        await call('PATCH', `/sites/${site.id}`, {
          version: site.version,
          name: name.value.trim(),
          address: address.value.trim() || null,
        });
        await reload();
        messageAfterReload(`${name.value.trim()} was saved.`);
      } catch (error) {
        message.fail(error);
      }
    });
  });
  return form;
}
