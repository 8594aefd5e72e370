import { h, show, uid } from '../../src/dom';
import { ApiError, call } from './api';
import { whyNot } from './permissions';
import { go } from './router';
import type { Account, ExternalUser, Me, Page, ResponseType, StaffUser, WorkItem } from './types';
import { busy, field, link, messageArea, select } from './ui';

/*
 * The work-item form, generated per variant: a new job, a job's edit, a new incident. Its fields
 * are title, the kind's date (due or raised), location, owners, privacy status; a new item adds
 * the category (jobs) or severity (incidents), external users (picked, or made inline) and a
 * checklist of sections and items of every response type. A new item and its checklist are two
 * requests (POST, then POST .../checklists): the item is made with its assignments, so the
 * assignment e-mails go out as the checklist lands. An edit sends the version it read: a 409
 * means someone else changed it first.
 */

const responseTypes: [ResponseType, string][] = [
  ['yes_no_na', 'Yes / No / N/A'],
  ['pass_fail_na', 'Pass / Fail / N/A'],
  ['text', 'Text'],
  ['number', 'Number'],
  ['date', 'Date'],
  ['datetime', 'Date and time'],
  ['single_choice', 'One of a list'],
  ['multiple_choice', 'Several of a list'],
  ['photo', 'Photo'],
  ['signature', 'Signature'],
  ['instruction', 'Instruction (no answer)'],
];

export type FormVariant = { kind: 'job' | 'incident'; item?: WorkItem };

const severityLevels: [string, string][] = [
  ['low', 'Low'],
  ['medium', 'Medium'],
  ['high', 'High'],
];

/** `datetime-local`'s value for an ISO time, in the browser's time zone. */
const localInput = (iso: string | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export async function workItemForm(me: Me, { kind, item }: FormVariant): Promise<void> {
  const noun = kind === 'job' ? 'job' : 'incident';
  const Noun = kind === 'job' ? 'Job' : 'Incident';
  const heading = item ? `Edit ${item.title}` : `New ${noun}`;
  const refused = item ? whyNot.edit(me, kind, item) : whyNot.create(me, kind);
  if (refused) {
    show(h('h1', {}, heading), h('p', { className: 'message bad' }, refused));
    return;
  }
  const creating = !item;
  const [users, categories, account, externals] = await Promise.all([
    call<Page<StaffUser>>('GET', '/users?limit=100'),
    creating && kind === 'job'
      ? call<Page<{ id: string; name: string; archived: boolean }>>('GET', '/job-categories?limit=100').catch(() => ({
          items: [],
        }))
      : { items: [] },
    call<Account>('GET', '/account'),
    creating ? call<Page<ExternalUser>>('GET', '/external-users?limit=100&status=active') : { items: [] },
  ]);
  const message = messageArea();
  const title = h('input', { type: 'text', name: 'title', required: true, maxLength: 200, value: item?.title ?? '' });
  const dateName = kind === 'job' ? 'Due' : 'Raised';
  const date = h('input', {
    type: 'datetime-local',
    name: kind === 'job' ? 'due' : 'raised',
    required: true,
    value: localInput(kind === 'job' ? item?.dueAt : item?.raisedAt),
  });
  const location = h('input', {
    type: 'text',
    name: 'location',
    required: true,
    maxLength: 200,
    value: item?.location.text ?? '',
  });
  const category = select('category', [
    ['', 'None'],
    ...categories.items.filter((c) => !c.archived).map((c): [string, string] => [c.id, c.name]),
  ]);
  const severity = select(
    'severity',
    account.incidentSeverityScale === 'numeric'
      ? ['1', '2', '3', '4', '5'].map((n): [string, string] => [n, n])
      : severityLevels,
  );
  const privacy = select(
    'privacy',
    [
      ['', 'Not confidential'],
      ...account.privacyStatuses
        .filter((p) => !p.archived || p.id === item?.privacyStatusId)
        .map((p): [string, string] => [p.id, p.name]),
    ],
    item?.privacyStatusId ?? '',
  );
  const ownerSet = new Set(item ? item.ownerIds : [me.id]);
  const owners = h(
    'fieldset',
    { className: 'choices' },
    h('legend', {}, 'Owners'),
    ...users.items
      .filter((u) => u.status === 'active' || ownerSet.has(u.id))
      .map((u) => checkbox('owner', u.id, `${u.givenName} ${u.familyName}`, ownerSet.has(u.id))),
  );
  const existing = h(
    'fieldset',
    { className: 'choices' },
    h('legend', {}, 'Assign external users'),
    ...(externals.items.length
      ? externals.items.map((x) => checkbox('external', x.id, `${x.givenName} ${x.familyName} (${x.email})`, false))
      : [h('p', {}, 'No external users yet: add one below.')]),
  );
  const newGiven = h('input', { type: 'text', name: 'new-given', maxLength: 100, autocomplete: 'off' });
  const newFamily = h('input', { type: 'text', name: 'new-family', maxLength: 100, autocomplete: 'off' });
  const newEmail = h('input', { type: 'email', name: 'new-email', maxLength: 254, autocomplete: 'off' });
  const inline = h(
    'fieldset',
    {},
    h('legend', {}, 'Or a new external user'),
    field('Given name', newGiven),
    field('Family name', newFamily),
    field('E-mail', newEmail),
  );
  const checklistTitle = h('input', { type: 'text', name: 'checklist-title', maxLength: 200 });
  const sections = h('div', { className: 'sections' });
  const addSection = h('button', { type: 'button', className: 'button' }, 'Add section');
  addSection.addEventListener('click', () => sections.append(sectionEditor(sections.children.length + 1)));
  sections.append(sectionEditor(1));
  const submit = h('button', { type: 'submit', className: 'button primary' }, item ? 'Save changes' : `Create ${noun}`);
  const form = h(
    'form',
    { className: 'form' },
    field('Title', title),
    field(dateName, date),
    field('Location', location),
    creating && kind === 'incident' ? field('Severity', severity) : null,
    owners,
    creating && kind === 'job' ? field('Category', category) : null,
    field('Privacy status', privacy),
    creating ? existing : null,
    creating ? inline : null,
    creating
      ? h(
          'fieldset',
          {},
          h('legend', {}, 'Checklist'),
          field(
            'Checklist title',
            checklistTitle,
            `Leave empty for ${noun === 'job' ? 'a job' : 'an incident'} without a checklist.`,
          ),
          sections,
          addSection,
        )
      : null,
    submit,
  );
  const common = () => ({
    title: title.value.trim(),
    [kind === 'job' ? 'dueAt' : 'raisedAt']: date.value ? new Date(date.value).toISOString() : '',
    location: { text: location.value.trim() },
    ownerIds: [...form.querySelectorAll<HTMLInputElement>('input[name=owner]:checked')].map((box) => box.value),
  });
  const save = async () => {
    if (!item) return;
    const body = { version: item.version, ...common(), privacyStatusId: privacy.value || null };
    try {
      await call('PATCH', `/${kind}s/${item.id}`, body);
      go(`/${kind}s/${item.id}`);
    } catch (error) {
      message.fail(error);
      if (error instanceof ApiError && error.status === 409)
        message.element.textContent = `This ${noun} was changed by someone else — reload to see their changes.`;
      message.element.focus();
    }
  };
  const create = async () => {
    const externalUsers: object[] = [...form.querySelectorAll<HTMLInputElement>('input[name=external]:checked')].map(
      (box) => ({ id: box.value }),
    );
    if (newEmail.value.trim()) {
      externalUsers.push({
        givenName: newGiven.value.trim(),
        familyName: newFamily.value.trim(),
        email: newEmail.value.trim(),
      });
    }
    const body = {
      ...common(),
      ...(kind === 'incident'
        ? { severity: account.incidentSeverityScale === 'numeric' ? Number(severity.value) : severity.value }
        : {}),
      ...(category.value ? { categoryId: category.value } : {}),
      ...(privacy.value ? { privacyStatusId: privacy.value } : {}),
      ...(externalUsers.length ? { externalUsers } : {}),
    };
    try {
      const made = await call<{ id: string }>('POST', `/${kind}s`, body);
      if (checklistTitle.value.trim()) {
        try {
          await call('POST', `/${kind}s/${made.id}/checklists`, {
            title: checklistTitle.value.trim(),
            sections: readSections(sections),
          });
        } catch (error) {
          // The item exists: open it, saying what happened to its checklist.
          go(`/${kind}s/${made.id}`);
          message.fail(error);
          return;
        }
      }
      go(`/${kind}s/${made.id}`);
    } catch (error) {
      message.fail(error);
      message.element.focus();
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      message.clear();
      await (item ? save() : create());
    });
  });
  message.element.tabIndex = -1;
  show(
    h(
      'p',
      { className: 'crumbs' },
      link(`/${kind}s`, `${Noun}s`),
      ...(item ? [' › ', link(`/${kind}s/${item.id}`, item.title)] : []),
    ),
    h('h1', {}, heading),
    message.element,
    form,
  );
}

function checkbox(name: string, value: string, label: string, checked: boolean) {
  const id = uid(name);
  return h(
    'div',
    { className: 'check' },
    h('input', { type: 'checkbox', name, value, id, checked }),
    h('label', { htmlFor: id }, label),
  );
}

function sectionEditor(n: number) {
  const sectionTitle = h('input', {
    type: 'text',
    name: 'section-title',
    maxLength: 200,
    value: n === 1 ? 'Checks' : '',
  });
  const items = h('ol', { className: 'item-editors' });
  const add = h('button', { type: 'button', className: 'button' }, `Add item to section ${n}`);
  add.addEventListener('click', () => {
    const editor = itemEditor(n, items.children.length + 1);
    items.append(editor);
    editor.querySelector('input')?.focus();
  });
  items.append(itemEditor(n, 1));
  return h(
    'fieldset',
    { className: 'section-editor' },
    h('legend', {}, `Section ${n}`),
    field('Section title', sectionTitle),
    items,
    add,
  );
}

function itemEditor(section: number, n: number) {
  const where = `section ${section}, item ${n}`;
  const label = h('input', { type: 'text', name: 'item-label', maxLength: 300 });
  const type = select('item-type', responseTypes);
  const options = h('input', { type: 'text', name: 'item-options' });
  const optionsField = field(`Choices of ${where}`, options, 'Separate the choices with commas.');
  optionsField.hidden = true;
  type.addEventListener('change', () => {
    optionsField.hidden = !type.value.endsWith('_choice');
  });
  const requiredId = uid('req');
  return h(
    'li',
    { className: 'item-editor' },
    field(`Label of ${where}`, label),
    field(`Response of ${where}`, type),
    optionsField,
    h(
      'div',
      { className: 'check' },
      h('input', { type: 'checkbox', name: 'item-required', id: requiredId }),
      h('label', { htmlFor: requiredId }, `Item ${n} is required`),
    ),
  );
}

/** The sections the editors hold; items without a label are left out. */
function readSections(container: HTMLElement) {
  return [...container.querySelectorAll<HTMLFieldSetElement>('.section-editor')].map((section) => ({
    title: section.querySelector<HTMLInputElement>('input[name=section-title]')?.value.trim() ?? '',
    items: [...section.querySelectorAll<HTMLLIElement>('.item-editor')]
      .map((editor) => {
        const value = (name: string) => editor.querySelector<HTMLInputElement>(`[name=${name}]`);
        const type = value('item-type')?.value as ResponseType;
        const options = (value('item-options')?.value ?? '')
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean);
        return {
          label: value('item-label')?.value.trim() ?? '',
          required: type !== 'instruction' && (value('item-required')?.checked ?? false),
          response: type.endsWith('_choice') ? { type, options } : { type },
        };
      })
      .filter((item) => item.label),
  }));
}
