import { h, show } from '../../src/dom';
import { call, query } from './api';
import { modules, whyNot } from './permissions';
import type { ExternalUser, Me, Page } from './types';
import { actionButton, busy, card, field, link, messageArea, select, statusNames } from './ui';

/*
 * External users: search by name or e-mail and filter by status, one page at a time; create one;
 * disable or enable; promote to a staff user with a role. A user without the right sees the
 * buttons disabled with the reason.
 */

export async function externalUsersScreen(me: Me): Promise<void> {
  const message = messageArea();
  const manage = whyNot.manageExternalUsers(me);
  const search = h('input', { type: 'search', name: 'q', maxLength: 254 });
  const status = select('status', [
    ['', 'Any status'],
    ['active', 'Active'],
    ['disabled', 'Disabled'],
    ['promoted', 'Promoted'],
  ]);
  const filters = h(
    'form',
    { className: 'filters', attrs: { role: 'search', 'aria-label': 'External users' } },
    field('Name or e-mail', search),
    field('Status', status),
    h('button', { type: 'submit', className: 'button' }, 'Search'),
  );
  const list = h('ul', { className: 'cards', attrs: { 'aria-label': 'External users' } });
  const more = h('button', { type: 'button', className: 'button', hidden: true }, 'Show more external users');
  const count = h('p', { className: 'count', attrs: { role: 'status' } });
  let cursor: string | undefined;
  // A search started while the first page loads makes that page stale: only the latest one lands.
  let generation = 0;

  const load = async (reset: boolean) => {
    if (reset) {
      list.replaceChildren();
      cursor = undefined;
      generation++;
    }
    const mine = generation;
    try {
      const page = await call<Page<ExternalUser>>(
        'GET',
        `/external-users${query({ limit: 20, q: search.value.trim(), status: status.value, cursor })}`,
      );
      if (mine !== generation) return;
      for (const user of page.items) list.append(userCard(user));
      cursor = page.cursor;
      more.hidden = !cursor;
      count.textContent = list.children.length
        ? `${list.children.length} shown${cursor ? ', more to show' : ''}.`
        : 'No external users match.';
    } catch (error) {
      message.fail(error);
    }
  };

  const userCard = (user: ExternalUser): HTMLLIElement => {
    const name = `${user.givenName} ${user.familyName}`;
    const replace = (next: ExternalUser, said: string) => {
      item.replaceWith(userCard(next));
      message.say(said);
    };
    const act = (path: string, said: string) => async () => {
      try {
        replace(
          await call<ExternalUser>('POST', `/external-users/${user.id}/${path}`, { version: user.version }),
          said,
        );
      } catch (error) {
        message.fail(error);
      }
    };
    const controls = h('div', { className: 'actions' });
    if (user.status === 'active')
      controls.append(actionButton(`Disable ${name}`, manage, act('disable', `${name} is disabled.`)));
    if (user.status === 'disabled')
      controls.append(actionButton(`Enable ${name}`, manage, act('enable', `${name} is enabled.`)));
    if (user.status !== 'promoted') {
      controls.append(
        actionButton(`Promote ${name}`, whyNot.promote(me), () => {
          controls.replaceChildren(
            promoteForm(me, user, (next) => replace(next, `${name} is now a staff user.`), message),
          );
          controls.querySelector('select')?.focus();
        }),
      );
    }
    const item = card(
      h('h2', { className: 'card-title' }, link(`/external-users/${user.id}`, name)),
      h('p', { className: 'meta' }, `${user.email} · ${statusNames[user.status] ?? user.status}`),
      modules['client-access'].has(me) && link(`/client-access/${user.id}`, `Client access of ${name}`),
      controls,
    );
    return item;
  };

  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(true);
  });
  more.addEventListener('click', () => void load(false));
  show(
    h('h1', {}, 'External users'),
    message.element,
    filters,
    createForm(manage, message, () => load(true)),
    count,
    list,
    more,
  );
  await load(true);
}

function createForm(manage: string | undefined, message: ReturnType<typeof messageArea>, reload: () => Promise<void>) {
  if (manage) return h('p', { className: 'reason' }, manage);
  const given = h('input', { type: 'text', name: 'given', required: true, maxLength: 100 });
  const family = h('input', { type: 'text', name: 'family', required: true, maxLength: 100 });
  const email = h('input', { type: 'email', name: 'email', required: true, maxLength: 254 });
  const submit = h('button', { type: 'submit', className: 'button primary' }, 'Add external user');
  const form = h(
    'form',
    { className: 'form' },
    field('Given name', given),
    field('Family name', family),
    field('E-mail', email),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      try {
        await call('POST', '/external-users', {
          givenName: given.value.trim(),
          familyName: family.value.trim(),
          email: email.value.trim(),
        });
        message.say(`${given.value.trim()} ${family.value.trim()} was added.`);
        form.reset();
        await reload();
      } catch (error) {
        message.fail(error);
      }
    });
  });
  return h('details', { className: 'create' }, h('summary', {}, 'Add an external user'), form);
}

export function promoteForm(
  me: Me,
  user: ExternalUser,
  done: (next: ExternalUser) => void,
  message: ReturnType<typeof messageArea>,
) {
  const roles: [string, string][] = [
    ['general', 'General'],
    ['admin', 'Admin'],
    ['user_admin', 'User Admin'],
    ...(me.role === 'account_admin' ? [['account_admin', 'Account Admin'] as [string, string]] : []),
  ];
  const role = select('role', roles);
  const submit = h('button', { type: 'submit', className: 'button primary' }, 'Promote to staff');
  const form = h('form', { className: 'inline' }, field(`Role for ${user.givenName} ${user.familyName}`, role), submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      try {
        await call('POST', `/external-users/${user.id}/promote`, { version: user.version, role: role.value });
        done(await call<ExternalUser>('GET', `/external-users/${user.id}`));
      } catch (error) {
        message.fail(error);
      }
    });
  });
  return form;
}
