import { h, show } from '../../src/dom';
import { ApiError, call } from './api';
import { go } from './router';
import { allPages, checkboxes, flash, flashArea, manageSettings, named, nothingHere } from './settings-ui';
import type { ExternalRole, ExternalView, Me } from './types';
import { actionButton, busy, card, field, link, messageArea } from './ui';

/*
 * External roles (admin roles; docs/client-access.md): a name and the external views it allows
 * (1–20). `/external-roles` lists them with their views; `/external-roles/new` and
 * `/external-roles/<id>` are the form. A role a client access names cannot be deleted: the
 * refusal names who has it.
 */

export function externalRolesScreen(me: Me, [id, ...extra]: string[]): Promise<void> | void {
  if (extra.length) return nothingHere();
  return id ? roleForm(me, id === 'new' ? undefined : id) : roleList(me);
}

async function roleList(me: Me): Promise<void> {
  const [roles, views] = await Promise.all([
    allPages<ExternalRole>('/external-roles'),
    allPages<ExternalView>('/external-views'),
  ]);
  const viewName = new Map(views.map((v) => [v.id, v.name]));
  const list = h(
    'ul',
    { className: 'cards', attrs: { 'aria-label': 'External roles' } },
    ...roles.map((role) =>
      card(
        h('h2', { className: 'card-title' }, link(`/external-roles/${role.id}`, role.name)),
        h('p', { className: 'meta' }, `Views: ${role.viewIds.map((v) => viewName.get(v) ?? v).join(', ')}`),
      ),
    ),
  );
  const manage = manageSettings(me);
  show(
    h('h1', {}, 'External roles'),
    flashArea().element,
    h('p', {}, 'A role allows external views; client access gives an external user roles and what they show.'),
    h(
      'div',
      { className: 'actions' },
      actionButton(
        'New role',
        manage ?? (views.length ? undefined : 'Create an external view first: a role allows at least one.'),
        () => go('/external-roles/new'),
        'button primary',
      ),
    ),
    roles.length ? list : h('p', {}, 'No external roles yet.'),
  );
}

async function roleForm(me: Me, id: string | undefined): Promise<void> {
  const manage = manageSettings(me);
  const [role, views] = await Promise.all([
    id ? call<ExternalRole>('GET', `/external-roles/${encodeURIComponent(id)}`).catch(() => undefined) : undefined,
    allPages<ExternalView>('/external-views'),
  ]);
  if (id && !role) return nothingHere();
  const message = messageArea();
  const name = h('input', { type: 'text', name: 'name', required: true, maxLength: 100, value: role?.name ?? '' });
  const allowed = checkboxes('Views it allows', named(views), role?.viewIds, 'At least one, at most 20.');
  const submit = h(
    'button',
    { type: 'submit', className: 'button primary', disabled: !!manage },
    role ? 'Save role' : 'Create role',
  );
  const form = h(
    'form',
    { className: 'form' },
    field('Role name', name),
    allowed.element,
    manage ? h('p', { className: 'reason' }, manage) : null,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      const body = { name: name.value.trim(), viewIds: allowed.values(), ...(role ? { version: role.version } : {}) };
      try {
        const saved = role
          ? await call<ExternalRole>('PUT', `/external-roles/${role.id}`, body)
          : await call<ExternalRole>('POST', '/external-roles', body);
        flash(`${saved.name} was ${role ? 'saved' : 'created'}.`);
        go('/external-roles');
      } catch (error) {
        message.fail(error);
        if (error instanceof ApiError && error.status === 409)
          message.element.textContent = 'This role was changed by someone else — reload to see their changes.';
      }
    });
  });
  const remove = role
    ? actionButton(`Delete ${role.name}`, manage, async () => {
        try {
          await call('DELETE', `/external-roles/${role.id}?version=${role.version}`);
          flash(`${role.name} was deleted.`);
          go('/external-roles');
        } catch (error) {
          message.fail(error);
          const users =
            error instanceof ApiError
              ? (error.details?.externalUsers as { givenName: string; familyName: string }[] | undefined)
              : undefined;
          if (users?.length)
            message.element.textContent = `Client access of ${users.map((u) => `${u.givenName} ${u.familyName}`).join(', ')} names this role. Take it out of their access first.`;
        }
      })
    : null;
  show(
    h('p', { className: 'crumbs' }, link('/external-roles', 'External roles')),
    h('h1', {}, role ? `Edit ${role.name}` : 'New external role'),
    message.element,
    form,
    remove ? h('div', { className: 'actions' }, remove) : null,
  );
}
