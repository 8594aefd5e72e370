import { h, show, uid } from '../../src/dom';
import { ApiError, call } from './api';
import { type ChecklistContent, checklistBuilder, contentOf } from './checklist-builder';
import { whyNot } from './permissions';
import { go } from './router';
import type { Account, ChecklistTemplate, ExternalUser, JobCategory, Me, Page, StaffUser } from './types';
import { actionButton, busy, card, field, link, messageArea } from './ui';

/*
 * Job categories (`/job-categories`, other settings: admin roles): the list, a new category, and
 * one category (`/job-categories/<id>`): its name, description, default owners, departments and
 * default external users (sent with the version read: a 409 says someone else changed it),
 * archive or restore, and its checklist templates, created, edited and deleted with the same
 * checklist builder as a job's checklist. A new job of the category starts from these templates.
 */

/** What a category's fields pick from. */
interface Lists {
  users: StaffUser[];
  departments: { id: string; name: string; archived: boolean }[];
  externals: ExternalUser[];
}

async function lists(): Promise<Lists> {
  const none = { items: [] };
  const [users, account, externals] = await Promise.all([
    call<Page<StaffUser>>('GET', '/users?limit=100').catch(() => none as Page<StaffUser>),
    call<Account>('GET', '/account').catch(() => undefined),
    call<Page<ExternalUser>>('GET', '/external-users?limit=100&status=active').catch(() => none as Page<ExternalUser>),
  ]);
  return { users: users.items, departments: account?.departments ?? [], externals: externals.items };
}

export async function jobCategoriesScreen(me: Me, [id, ...extra]: string[]): Promise<void> {
  if (extra.length) return missing();
  if (id) return categoryScreen(me, id);
  const reason = whyNot.manageSettings(me);
  const message = messageArea();
  const [page, choices] = await Promise.all([call<Page<JobCategory>>('GET', '/job-categories?limit=100'), lists()]);
  const list = h(
    'ul',
    { className: 'cards', attrs: { 'aria-label': 'Job categories' } },
    ...page.items.map((c) =>
      card(
        h('h2', { className: 'card-title' }, link(`/job-categories/${c.id}`, c.name)),
        h('p', { className: 'meta' }, `${c.description || 'No description'}${c.archived ? ' · Archived' : ''}`),
      ),
    ),
  );
  const form = categoryForm(choices, undefined, async (body) => {
    const made = await call<JobCategory>('POST', '/job-categories', body);
    go(`/job-categories/${made.id}`);
  });
  show(
    h('h1', {}, 'Job categories'),
    message.element,
    reason
      ? h('p', { className: 'reason' }, reason)
      : h('details', { className: 'create' }, h('summary', {}, 'Add a job category'), form),
    page.items.length ? list : h('p', {}, 'No job categories yet.'),
  );
}

const missing = () =>
  show(
    h('h1', {}, 'Job category not found'),
    h('p', {}, 'It does not exist. ', link('/job-categories', 'Back to job categories')),
  );

/** The category's fields; `save` gets the body (a 400 names the field, shown above the form). */
function categoryForm(choices: Lists, category: JobCategory | undefined, save: (body: object) => Promise<void>) {
  const message = messageArea();
  message.element.tabIndex = -1;
  const name = h('input', { type: 'text', name: 'name', required: true, maxLength: 100, value: category?.name ?? '' });
  const description = h('textarea', {
    name: 'description',
    maxLength: 2000,
    rows: 3,
    value: category?.description ?? '',
  });
  const checks = (legend: string, name: string, options: [string, string][], chosen: string[] = []) =>
    h(
      'fieldset',
      { className: 'choices' },
      h('legend', {}, legend),
      ...(options.length
        ? options.map(([value, label]) => {
            const boxId = uid(name);
            return h(
              'div',
              { className: 'check' },
              h('input', { type: 'checkbox', name, value, id: boxId, checked: chosen.includes(value) }),
              h('label', { htmlFor: boxId }, label),
            );
          })
        : [h('p', {}, 'None to choose from.')]),
    );
  const owners = checks(
    'Default owners',
    'default-owner',
    choices.users
      .filter((u) => u.status === 'active' || category?.defaultOwnerIds.includes(u.id))
      .map((u) => [u.id, `${u.givenName} ${u.familyName}`]),
    category?.defaultOwnerIds,
  );
  const departments = checks(
    'Departments',
    'department',
    choices.departments.filter((d) => !d.archived || category?.departmentIds.includes(d.id)).map((d) => [d.id, d.name]),
    category?.departmentIds,
  );
  const externals = checks(
    'Default external users',
    'default-external',
    choices.externals.map((x) => [x.id, `${x.givenName} ${x.familyName} (${x.email})`]),
    category?.defaultExternalUserIds,
  );
  const archived = h('input', {
    type: 'checkbox',
    name: 'archived',
    id: uid('archived'),
    checked: !!category?.archived,
  });
  const submit = h(
    'button',
    { type: 'submit', className: 'button primary' },
    category ? 'Save category' : 'Add category',
  );
  const form = h(
    'form',
    { className: 'form' },
    message.element,
    field('Name', name),
    field('Description', description),
    owners,
    choices.departments.length ? departments : null,
    externals,
    category
      ? h(
          'div',
          { className: 'check' },
          archived,
          h('label', { htmlFor: archived.id }, 'Archived (new jobs cannot choose it)'),
        )
      : null,
    submit,
  );
  const ids = (set: HTMLElement) => [...set.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      message.clear();
      try {
        await save({
          ...(category ? { version: category.version, archived: archived.checked } : {}),
          name: name.value.trim(),
          description: description.value.trim(),
          defaultOwnerIds: ids(owners),
          ...(choices.departments.length ? { departmentIds: ids(departments) } : {}),
          defaultExternalUserIds: ids(externals),
        });
      } catch (error) {
        message.fail(error);
        if (error instanceof ApiError && error.status === 409)
          message.element.textContent = 'This category was changed by someone else — reload to see their changes.';
        message.element.focus();
      }
    });
  });
  return form;
}

async function categoryScreen(me: Me, id: string): Promise<void> {
  const base = `/job-categories/${encodeURIComponent(id)}`;
  const category = await call<JobCategory>('GET', base).catch(() => undefined);
  if (!category) return missing();
  const reason = whyNot.manageSettings(me);
  const [templates, choices] = await Promise.all([
    call<{ items: ChecklistTemplate[] }>('GET', `${base}/checklist-templates`),
    lists(),
  ]);
  const again = async (said: string) => {
    await categoryScreen(me, id);
    document.getElementById('outcome')?.replaceChildren(said);
  };
  const form = categoryForm(choices, category, async (body) => {
    await call('PATCH', base, body);
    await again('Category saved.');
  });
  const templateList = h(
    'ul',
    { className: 'cards', attrs: { 'aria-label': 'Checklist templates' } },
    ...templates.items.map((t) => templateCard(t, reason, base, again)),
  );
  const add = h('div', { className: 'actions' });
  const newTemplate = () => {
    add.replaceChildren(
      templateForm('New checklist template', undefined, async (content) => {
        await call('POST', `${base}/checklist-templates`, content);
        await again(`Template ${content.title} added.`);
      }),
    );
    add.querySelector('input')?.focus();
  };
  add.append(actionButton('New checklist template', reason, newTemplate));
  show(
    h('p', { className: 'crumbs' }, link('/job-categories', 'Job categories')),
    h('h1', {}, category.name),
    h('p', { id: 'outcome', className: 'message ok', attrs: { role: 'status' } }),
    reason ? h('p', { className: 'reason' }, reason) : form,
    h(
      'section',
      { attrs: { 'aria-labelledby': 'templates' } },
      h('h2', { id: 'templates' }, 'Checklist templates'),
      templates.items.length ? templateList : h('p', {}, 'No templates yet.'),
      add,
    ),
  );
}

function templateCard(
  t: ChecklistTemplate,
  reason: string | undefined,
  base: string,
  again: (said: string) => Promise<void>,
) {
  const path = `${base}/checklist-templates/${encodeURIComponent(t.id)}`;
  const items = t.sections.reduce((n, s) => n + s.items.length, 0);
  const controls = h('div', { className: 'actions' });
  const message = messageArea();
  const edit = () => {
    controls.replaceChildren(
      templateForm(`Edit ${t.title}`, t, async (content) => {
        await call('PUT', path, { version: t.version, ...content });
        await again(`Template ${content.title} saved.`);
      }),
    );
    controls.querySelector('input')?.focus();
  };
  const remove = () => {
    const confirm = h('button', { type: 'button', className: 'button danger' }, `Delete ${t.title} for good`);
    const keep = h('button', { type: 'button', className: 'button' }, 'Keep it');
    confirm.addEventListener('click', () =>
      busy(confirm, async () => {
        try {
          await call('DELETE', path);
          await again(`Template ${t.title} deleted.`);
        } catch (error) {
          message.fail(error);
        }
      }),
    );
    keep.addEventListener('click', () => controls.replaceChildren(...buttons()));
    controls.replaceChildren(confirm, keep);
    confirm.focus();
  };
  const buttons = () => [
    actionButton(`Edit template ${t.title}`, reason, edit),
    actionButton(`Delete template ${t.title}`, reason, remove),
  ];
  controls.append(...buttons());
  return card(
    h('h3', { className: 'card-title' }, t.title),
    h('p', { className: 'meta' }, `${t.sections.length} sections · ${items} items`),
    message.element,
    controls,
  );
}

/** A template in the checklist builder; a 409 on an edit says someone else changed it first. */
function templateForm(
  label: string,
  template: ChecklistTemplate | undefined,
  save: (c: ChecklistContent) => Promise<void>,
) {
  const builder = checklistBuilder();
  if (template) builder.fill(contentOf(template), true);
  const message = messageArea();
  message.element.tabIndex = -1;
  const submit = h('button', { type: 'submit', className: 'button primary' }, 'Save template');
  const form = h(
    'form',
    { className: 'form', attrs: { 'aria-label': label } },
    message.element,
    builder.element,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      try {
        await save(builder.read());
      } catch (error) {
        message.fail(error);
        if (error instanceof ApiError && error.status === 409)
          message.element.textContent = 'This template was changed by someone else — reload to see their changes.';
        message.element.focus();
      }
    });
  });
  return form;
}
