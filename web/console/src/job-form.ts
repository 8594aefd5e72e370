import { h, show, uid } from '../../src/dom';
import { call } from './api';
import { whyNot } from './permissions';
import { go } from './router';
import type { Account, ExternalUser, Me, Page, ResponseType, StaffUser } from './types';
import { busy, field, link, messageArea, select } from './ui';

/*
 * A new job: title, due date, location, owners, category, privacy status, external users (picked,
 * or made inline) and a checklist of sections and items of every response type. The job and its
 * checklist are two requests (POST /jobs, then POST /jobs/<id>/checklists): the job is made with
 * its assignments, so the assignment e-mails go out as the checklist lands.
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

export async function jobForm(me: Me): Promise<void> {
  const refused = whyNot.create(me, 'job');
  if (refused) {
    show(h('h1', {}, 'New job'), h('p', { className: 'message bad' }, refused));
    return;
  }
  const [users, categories, account, externals] = await Promise.all([
    call<Page<StaffUser>>('GET', '/users?limit=100'),
    call<Page<{ id: string; name: string; archived: boolean }>>('GET', '/job-categories?limit=100').catch(() => ({
      items: [],
    })),
    call<Account>('GET', '/account'),
    call<Page<ExternalUser>>('GET', '/external-users?limit=100&status=active'),
  ]);
  const message = messageArea();
  const title = h('input', { type: 'text', name: 'title', required: true, maxLength: 200 });
  const due = h('input', { type: 'datetime-local', name: 'due', required: true });
  const location = h('input', { type: 'text', name: 'location', required: true, maxLength: 200 });
  const category = select('category', [
    ['', 'None'],
    ...categories.items.filter((c) => !c.archived).map((c): [string, string] => [c.id, c.name]),
  ]);
  const privacy = select('privacy', [
    ['', 'Not confidential'],
    ...account.privacyStatuses.filter((p) => !p.archived).map((p): [string, string] => [p.id, p.name]),
  ]);
  const owners = h(
    'fieldset',
    { className: 'choices' },
    h('legend', {}, 'Owners'),
    ...users.items
      .filter((u) => u.status === 'active')
      .map((u) => checkbox('owner', u.id, `${u.givenName} ${u.familyName}`, u.id === me.id)),
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
  const submit = h('button', { type: 'submit', className: 'button primary' }, 'Create job');
  const form = h(
    'form',
    { className: 'form' },
    field('Title', title),
    field('Due', due),
    field('Location', location),
    owners,
    field('Category', category),
    field('Privacy status', privacy),
    existing,
    inline,
    h(
      'fieldset',
      {},
      h('legend', {}, 'Checklist'),
      field('Checklist title', checklistTitle, 'Leave empty for a job without a checklist.'),
      sections,
      addSection,
    ),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      message.clear();
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
        title: title.value.trim(),
        dueAt: due.value ? new Date(due.value).toISOString() : '',
        location: { text: location.value.trim() },
        ownerIds: [...form.querySelectorAll<HTMLInputElement>('input[name=owner]:checked')].map((box) => box.value),
        ...(category.value ? { categoryId: category.value } : {}),
        ...(privacy.value ? { privacyStatusId: privacy.value } : {}),
        ...(externalUsers.length ? { externalUsers } : {}),
      };
      try {
        const job = await call<{ id: string }>('POST', '/jobs', body);
        if (checklistTitle.value.trim()) {
          try {
            await call('POST', `/jobs/${job.id}/checklists`, {
              title: checklistTitle.value.trim(),
              sections: readSections(sections),
            });
          } catch (error) {
            // The job exists: open it, saying what happened to its checklist.
            go(`/jobs/${job.id}`);
            message.fail(error);
            return;
          }
        }
        go(`/jobs/${job.id}`);
      } catch (error) {
        message.fail(error);
        message.element.focus();
      }
    });
  });
  message.element.tabIndex = -1;
  show(h('p', { className: 'crumbs' }, link('/jobs', 'Jobs')), h('h1', {}, 'New job'), message.element, form);
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
