import { h, uid } from '../../src/dom';
import type { ChecklistItem, ResponseType } from './types';
import { field, select } from './ui';

/*
 * The checklist builder, one for every place a checklist is written: a new job's or incident's
 * checklist, an existing checklist on the review screen (PUT, keeping each item's id so its answer
 * stays), and a job category's templates. It holds a title and sections of items of every
 * response type; `fill` replaces its content (a template to start from, or the checklist to edit)
 * and `read` gives the body the API takes.
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

export interface ChecklistContent {
  title: string;
  sections: { id?: string; title: string; items: (Omit<ChecklistItem, 'id'> & { id?: string })[] }[];
}

export interface ChecklistBuilder {
  element: HTMLElement;
  /** Replaces the title and sections; `keepIds` keeps the ids (editing), otherwise they are new. */
  fill(content: ChecklistContent, keepIds?: boolean): void;
  /** The title and the sections, leaving out items without a label and sections without items. */
  read(): ChecklistContent;
}

/** A builder; `titleHint` says what an empty title means where it is used. */
export function checklistBuilder(titleHint?: string): ChecklistBuilder {
  const title = h('input', { type: 'text', name: 'checklist-title', maxLength: 200 });
  const sections = h('div', { className: 'sections' });
  const addSection = h('button', { type: 'button', className: 'button' }, 'Add section');
  addSection.addEventListener('click', () => {
    const editor = sectionEditor(sections);
    sections.append(editor);
    renumber(sections);
    editor.querySelector('input')?.focus();
  });
  const element = h('div', { className: 'builder' }, field('Checklist title', title, titleHint), sections, addSection);
  sections.append(sectionEditor(sections, { title: 'Checks', items: [] }));
  renumber(sections);
  return {
    element,
    fill(content, keepIds = false) {
      title.value = content.title;
      sections.replaceChildren(
        ...content.sections.map((section) =>
          sectionEditor(sections, {
            ...section,
            id: keepIds ? section.id : undefined,
            items: section.items.map((item) => ({ ...item, id: keepIds ? item.id : undefined })),
          }),
        ),
      );
      if (!sections.children.length) sections.append(sectionEditor(sections));
      renumber(sections);
    },
    read: () => ({ title: title.value.trim(), sections: readSections(sections) }),
  };
}

type SectionContent = ChecklistContent['sections'][number];
type ItemContent = SectionContent['items'][number];

/** Labels name each control by its place ("section 1, item 2"): after an add or a removal, again. */
function renumber(sections: HTMLElement) {
  [...sections.children].forEach((section, s) => {
    const n = s + 1;
    for (const node of section.querySelectorAll<HTMLElement>('[data-label]')) {
      if (node.closest('.item-editor')) continue;
      node.textContent = (node.dataset.label as string).replaceAll('{s}', String(n));
    }
    [...section.querySelectorAll('.item-editor')].forEach((item, i) => {
      for (const node of item.querySelectorAll<HTMLElement>('[data-label]')) {
        node.textContent = (node.dataset.label as string).replaceAll('{s}', String(n)).replaceAll('{i}', String(i + 1));
      }
    });
  });
}

/** A text node whose words follow its place: `{s}` the section's number, `{i}` the item's. */
const placed = (text: string) => h('span', { attrs: { 'data-label': text } });

function relabel(container: HTMLElement, text: string) {
  const label = container.querySelector('label');
  label?.replaceChildren(placed(text));
}

function sectionEditor(sections: HTMLElement, content?: SectionContent) {
  const sectionTitle = h('input', { type: 'text', name: 'section-title', maxLength: 200, value: content?.title ?? '' });
  if (content?.id) sectionTitle.dataset.id = content.id;
  const items = h('ol', { className: 'item-editors' });
  const titleField = field('Section title', sectionTitle);
  relabel(titleField, 'Title of section {s}');
  const add = h('button', { type: 'button', className: 'button' }, placed('Add item to section {s}'));
  add.addEventListener('click', () => {
    const editor = itemEditor(sections);
    items.append(editor);
    renumber(sections);
    editor.querySelector('input')?.focus();
  });
  const remove = h('button', { type: 'button', className: 'button' }, placed('Remove section {s}'));
  const editor = h(
    'fieldset',
    { className: 'section-editor' },
    h('legend', {}, placed('Section {s}')),
    titleField,
    items,
    h('div', { className: 'actions' }, add, remove),
  );
  remove.addEventListener('click', () => {
    editor.remove();
    if (!sections.children.length) sections.append(sectionEditor(sections));
    renumber(sections);
    sections.querySelector('input')?.focus();
  });
  for (const item of content?.items.length ? content.items : [undefined]) items.append(itemEditor(sections, item));
  return editor;
}

function itemEditor(sections: HTMLElement, content?: ItemContent) {
  const label = h('input', { type: 'text', name: 'item-label', maxLength: 300, value: content?.label ?? '' });
  const type = select('item-type', responseTypes, content?.response.type ?? 'yes_no_na');
  const options = h('input', {
    type: 'text',
    name: 'item-options',
    value: content?.response.options?.join(', ') ?? '',
  });
  const optionsField = field('Choices', options, 'Separate the choices with commas.');
  relabel(optionsField, 'Choices of section {s}, item {i}');
  const showOptions = () => {
    optionsField.hidden = !type.value.endsWith('_choice');
  };
  type.addEventListener('change', showOptions);
  showOptions();
  const required = h('input', {
    type: 'checkbox',
    name: 'item-required',
    id: uid('req'),
    checked: !!content?.required,
  });
  const labelField = field('Label', label);
  relabel(labelField, 'Label of section {s}, item {i}');
  const typeField = field('Response', type);
  relabel(typeField, 'Response of section {s}, item {i}');
  const remove = h('button', { type: 'button', className: 'button' }, placed('Remove section {s}, item {i}'));
  const editor = h(
    'li',
    { className: 'item-editor' },
    labelField,
    typeField,
    optionsField,
    h(
      'div',
      { className: 'check' },
      required,
      h('label', { htmlFor: required.id }, placed('Section {s}, item {i} is required')),
    ),
    remove,
  );
  // What the builder does not edit (an item's id, help, unit, limits) goes back as it came.
  if (content) editor.dataset.original = JSON.stringify(content);
  remove.addEventListener('click', () => {
    const list = editor.parentElement as HTMLElement;
    editor.remove();
    if (!list.children.length) list.append(itemEditor(sections));
    renumber(sections);
    list.querySelector('input')?.focus();
  });
  return editor;
}

function readSections(container: HTMLElement): ChecklistContent['sections'] {
  return [...container.querySelectorAll<HTMLFieldSetElement>('.section-editor')]
    .map((section) => {
      const titleInput = section.querySelector<HTMLInputElement>('input[name=section-title]');
      const items = [...section.querySelectorAll<HTMLLIElement>('.item-editor')]
        .map((editor): ItemContent => {
          const value = (name: string) => editor.querySelector<HTMLInputElement>(`[name=${name}]`);
          const type = value('item-type')?.value as ResponseType;
          const original = editor.dataset.original ? (JSON.parse(editor.dataset.original) as ItemContent) : undefined;
          const options = (value('item-options')?.value ?? '')
            .split(',')
            .map((o) => o.trim())
            .filter(Boolean);
          const response = type.endsWith('_choice')
            ? { type, options }
            : original?.response.type === type
              ? original.response
              : { type };
          return {
            ...(original?.id ? { id: original.id } : {}),
            label: value('item-label')?.value.trim() ?? '',
            ...(original?.help ? { help: original.help } : {}),
            required: type !== 'instruction' && (value('item-required')?.checked ?? false),
            response,
          };
        })
        .filter((item) => item.label);
      return {
        ...(titleInput?.dataset.id ? { id: titleInput.dataset.id } : {}),
        title: titleInput?.value.trim() ?? '',
        items,
      };
    })
    .filter((section) => section.items.length);
}

/** A checklist's content as the API gives it, ready to `fill` a builder. */
export const contentOf = (checklist: { title: string; sections: ChecklistContent['sections'] }): ChecklistContent => ({
  title: checklist.title,
  sections: checklist.sections.map((s) => ({
    id: s.id,
    title: s.title,
    items: s.items.map(({ id, label, help, required, response }) => ({ id, label, help, required, response })),
  })),
});
