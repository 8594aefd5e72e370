import { h, show } from '../../src/dom';
import { ApiError, call, query } from './api';
import { confirmDialog } from './confirm-dialog';
import { notFound } from './not-found';
import { go } from './router';
import { permissionsEditor, roleNames } from './staff-permissions';
import type { Account, Deliverability, Me, Page, StaffRole, StaffUserRecord } from './types';
import { actionButton, busy, card, field, link, messageArea, select, statusNames, when } from './ui';

/*
 * Staff users (user settings access: Account Admins and User Admins, from GET /me): the list, a
 * page at a time, searched by the server (`q`: the start of the name or e-mail address, debounced)
 * and by status (`status`); invite one with a role (Cognito e-mails a
 * temporary password); and one user's page: name and role, module permissions (seed 003: what the
 * role includes greyed out with the reason), disable and enable, and whether e-mail reaches them.
 * Path: `/users` and `/users/<id>`.
 */

const statusLabel = (status: string) => (status === 'deleted' ? 'Deleted' : (statusNames[status] ?? status));

/** "E-mail to this address bounced …", when SES reported one; nothing while it is deliverable. */
export function deliverabilityNote(deliverability: Deliverability | undefined): string | undefined {
  if (!deliverability || deliverability.status === 'deliverable') return undefined;
  const what =
    deliverability.status === 'complained'
      ? 'was marked as spam by its owner'
      : 'bounced (the address does not take mail)';
  return `E-mail to this address ${what} on ${when(deliverability.at)}: FieldPass sends it nothing more.`;
}

/** The roles `me` may give: only an Account Admin grants Account Admin. */
const rolesFor = (me: Me): [string, string][] =>
  (Object.keys(roleNames) as StaffRole[])
    .filter((role) => role !== 'account_admin' || me.role === 'account_admin')
    .map((role) => [role, roleNames[role]]);

/** Why `me` may not change `user`, or undefined. */
function whyNotChange(me: Me, user: StaffUserRecord): string | undefined {
  if (user.status === 'deleted') return 'This user was deleted: their record stays for history and cannot change.';
  if (user.role === 'account_admin' && me.role !== 'account_admin')
    return 'Only Account Admins change an Account Admin.';
  return undefined;
}

export async function staffUsersScreen(me: Me, [id, ...rest]: string[]): Promise<unknown> {
  if (rest.length) return notFound;
  if (id) return userPage(me, id);
  return listScreen(me);
}

async function listScreen(me: Me): Promise<void> {
  const message = messageArea();
  const search = h('input', { type: 'search', name: 'q', maxLength: 254 });
  const status = select('status', [
    ['', 'Any status'],
    ['active', 'Active'],
    ['disabled', 'Disabled'],
    ['deleted', 'Deleted'],
  ]);
  const filters = h(
    'form',
    { className: 'filters', attrs: { role: 'search', 'aria-label': 'Staff users' } },
    field('Name or e-mail', search, 'The start of the family name or of the address.'),
    field('Status', status),
    h('button', { type: 'submit', className: 'button' }, 'Search'),
  );
  const list = h('ul', { className: 'cards', attrs: { 'aria-label': 'Staff users' } });
  const count = h('p', { className: 'count', attrs: { role: 'status' } });
  const more = h('button', { type: 'button', className: 'button', hidden: true }, 'Show more staff users');
  let users: StaffUserRecord[] = [];
  let cursor: string | undefined;
  const draw = () => {
    list.replaceChildren(
      ...users.map((u) => {
        const note = deliverabilityNote(u.deliverability);
        return card(
          h('h2', { className: 'card-title' }, link(`/users/${u.id}`, `${u.givenName} ${u.familyName}`)),
          h('p', { className: 'meta' }, `${u.email} · ${roleNames[u.role]} · ${statusLabel(u.status)}`),
          note ? h('p', { className: 'reason undeliverable' }, note) : null,
        );
      }),
    );
    more.hidden = !cursor;
    count.textContent = users.length
      ? `${users.length} shown${cursor ? ', more to show' : ''}.`
      : cursor
        ? 'No staff users match so far: show more to search further.'
        : 'No staff users match.';
  };
  // Each load has a number, so an answer to an older search never lands in a newer list.
  let latest = 0;
  const load = async (reset: boolean) => {
    const mine = ++latest;
    if (reset) {
      users = [];
      cursor = undefined;
      count.textContent = 'Loading…';
    }
    const q = search.value.trim() || undefined;
    try {
      // A search page may end at the end of the names, empty: follow it once into the addresses.
      for (let tries = 0; tries < 3; tries++) {
        const page = await call<Page<StaffUserRecord>>(
          'GET',
          `/users${query({ limit: 50, q, status: status.value, cursor })}`,
        );
        if (mine !== latest) return;
        users.push(...page.items);
        cursor = page.cursor;
        if (page.items.length > 0 || !cursor) break;
      }
      draw();
    } catch (error) {
      if (mine === latest) message.fail(error);
    }
  };
  let typing: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => void load(true), 300);
  });
  status.addEventListener('change', () => void load(true));
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typing);
    message.clear();
    void load(true);
  });
  more.addEventListener('click', () => void load(false));
  show(h('h1', {}, 'Staff users'), message.element, filters, inviteForm(me, message), count, list, more);
  await load(true);
}

function inviteForm(me: Me, message: ReturnType<typeof messageArea>) {
  const given = h('input', { type: 'text', name: 'given', required: true, maxLength: 100 });
  const family = h('input', { type: 'text', name: 'family', required: true, maxLength: 100 });
  const email = h('input', { type: 'email', name: 'email', required: true, maxLength: 254 });
  const role = select('role', rolesFor(me), 'general');
  const submit = h('button', { type: 'submit', className: 'button primary' }, 'Invite staff user');
  const form = h(
    'form',
    { className: 'form' },
    field('Given name', given),
    field('Family name', family),
    field('E-mail', email, 'They are e-mailed a temporary password to sign in with.'),
    field('Role', role),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      try {
        const user = await call<StaffUserRecord>('POST', '/users', {
          givenName: given.value.trim(),
          familyName: family.value.trim(),
          email: email.value.trim(),
          role: role.value,
        });
        go(`/users/${user.id}`);
      } catch (error) {
        message.fail(error);
      }
    });
  });
  return h('details', { className: 'create' }, h('summary', {}, 'Invite a staff user'), form);
}

async function userPage(me: Me, id: string): Promise<unknown> {
  const [user, account] = await Promise.all([
    call<StaffUserRecord>('GET', `/users/${encodeURIComponent(id)}`).catch((error) => {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return undefined;
      throw error;
    }),
    call<Account>('GET', '/account'),
  ]);
  if (!user) return notFound;
  drawUser(me, user, account, messageArea());
}

function drawUser(me: Me, user: StaffUserRecord, account: Account, message: ReturnType<typeof messageArea>): void {
  const name = `${user.givenName} ${user.familyName}`;
  const locked = whyNotChange(me, user);
  const given = h('input', { type: 'text', name: 'given', required: true, maxLength: 100, value: user.givenName });
  const family = h('input', { type: 'text', name: 'family', required: true, maxLength: 100, value: user.familyName });
  const role = select('role', rolesFor(me), user.role);
  if (!rolesFor(me).some(([value]) => value === user.role))
    role.append(h('option', { value: user.role, selected: true }, roleNames[user.role]));
  const statuses = account.privacyStatuses.filter((s) => !s.archived);
  const permissions = permissionsEditor(user.permissions ?? {}, () => role.value as StaffRole, statuses, locked);
  role.addEventListener('change', permissions.refresh);
  const save = h(
    'button',
    { type: 'submit', className: 'button primary', disabled: locked !== undefined },
    'Save changes',
  );
  const form = h(
    'form',
    { className: 'form staff-form' },
    h(
      'fieldset',
      { disabled: locked !== undefined },
      h('legend', {}, 'Name and role'),
      field('Given name', given),
      field('Family name', family),
      field(
        'Role',
        role,
        'Account Admins, User Admins and Admins have every module; what a role includes is greyed out below.',
      ),
    ),
    permissions.element,
    save,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(save, async () => {
      message.clear();
      try {
        const body: Record<string, unknown> = { version: user.version, permissions: permissions.value() };
        if (given.value.trim() !== user.givenName) body.givenName = given.value.trim();
        if (family.value.trim() !== user.familyName) body.familyName = family.value.trim();
        if (role.value !== user.role) body.role = role.value;
        const next = await call<StaffUserRecord>('PATCH', `/users/${user.id}`, body);
        drawUser(me, next, account, message);
        message.say(`${next.givenName} ${next.familyName} is saved.`);
      } catch (error) {
        message.fail(error);
        if (error instanceof ApiError && error.status === 409 && error.code === 'CONFLICT')
          message.element.textContent = 'This user was changed by someone else — reload to see their changes.';
      }
    });
  });
  const act = (path: 'disable' | 'enable', said: string) => async () => {
    message.clear();
    try {
      const next = await call<StaffUserRecord>('POST', `/users/${user.id}/${path}`, { version: user.version });
      drawUser(me, next, account, message);
      message.say(said);
    } catch (error) {
      message.fail(error);
    }
  };
  const self = user.id === me.id ? 'Disabling yourself would sign you out: ask another admin.' : undefined;
  const controls = h('div', { className: 'actions' });
  if (user.status === 'active')
    controls.append(
      actionButton(`Disable ${name}`, locked ?? self, act('disable', `${name} is disabled and signed out everywhere.`)),
    );
  if (user.status === 'disabled')
    controls.append(actionButton(`Enable ${name}`, locked, act('enable', `${name} is enabled.`)));
  if (user.status !== 'deleted') {
    const selfDelete = user.id === me.id ? 'You cannot delete yourself: ask another admin.' : undefined;
    controls.append(
      actionButton(
        `Delete ${name}`,
        locked ?? selfDelete,
        (event?: Event) =>
          confirmDialog({
            title: `Delete ${name}?`,
            text: `${name} (${user.email}) loses their sign-in for good and their e-mail address is freed. Their record stays, marked deleted, because items and history name them.`,
            confirm: `Delete ${name}`,
            opener: event?.currentTarget as HTMLElement | null,
            action: () => call('DELETE', `/users/${user.id}`),
            done: async () => {
              const next = await call<StaffUserRecord>('GET', `/users/${user.id}`);
              drawUser(me, next, account, message);
              message.say(`${name} is deleted.`);
            },
          }),
        'button danger',
      ),
    );
  }
  const note = deliverabilityNote(user.deliverability);
  show(
    h('p', { className: 'crumbs' }, link('/users', 'Staff users')),
    h('h1', {}, name),
    h('p', { className: 'meta' }, `${user.email} · ${roleNames[user.role]} · ${statusLabel(user.status)}`),
    note ? h('p', { className: 'reason undeliverable' }, note) : null,
    message.element,
    controls,
    form,
  );
}
