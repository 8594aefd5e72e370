import { h, uid } from './dom';
import type { ChecklistItem } from './types';

/** One checklist item's input: reads and shows its answer value in the API's shape. */
export interface Control {
  element: HTMLElement;
  /** The value to save, `null` to clear, or `{ invalid }` with what to tell the user. */
  read(): unknown;
  show(value: unknown): void;
}

const choiceLabels: Record<string, Record<string, string>> = {
  yes_no_na: { yes: 'Yes', no: 'No', na: 'N/A' },
  pass_fail_na: { pass: 'Pass', fail: 'Fail', na: 'N/A' },
};

/** An invalid input: not saved, the message says why. */
export interface Invalid {
  invalid: string;
}
export const isInvalid = (value: unknown): value is Invalid =>
  typeof value === 'object' && value !== null && 'invalid' in value;

/** An ISO date-time as the `datetime-local` input shows it, in the browser's time zone. */
function toLocalInput(iso: unknown): string {
  if (typeof iso !== 'string') return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function labelText(item: ChecklistItem): (Node | string)[] {
  return [item.label, ...(item.required ? [h('span', { className: 'required' }, ' (required)')] : [])];
}

/**
 * The control fitting the item's response type: radio groups in a fieldset with a legend for
 * the fixed choices, check boxes for multiple choice, and labelled inputs for the rest.
 * `onChange` is called when an edit should be saved; text also saves while typing, after a pause.
 */
export function controlFor(
  item: ChecklistItem,
  options: { disabled: boolean; describedBy?: string; onChange(immediate: boolean): void },
): Control | undefined {
  const response = item.response;
  const describedBy = options.describedBy;
  const choiceGroup = (values: [string, string][], multiple: boolean): Control => {
    const name = uid('choice');
    const inputs = values.map(([value, text]) => {
      const input = h('input', {
        type: multiple ? 'checkbox' : 'radio',
        name,
        value,
        disabled: options.disabled,
      });
      input.addEventListener('change', () => options.onChange(true));
      return { input, label: h('label', { className: 'choice' }, input, h('span', {}, text)) };
    });
    const fieldset = h(
      'fieldset',
      { className: 'choices', attrs: { 'aria-describedby': describedBy } },
      h('legend', {}, ...labelText(item)),
      h('div', { className: multiple ? 'choice-list' : 'choice-row' }, ...inputs.map((i) => i.label)),
    );
    return {
      element: fieldset,
      read: () => {
        const checked = inputs.filter((i) => i.input.checked).map((i) => i.input.value);
        if (multiple) return checked.length ? checked : null;
        return checked[0] ?? null;
      },
      show: (value) => {
        const chosen = new Set(Array.isArray(value) ? value : [value]);
        for (const { input } of inputs) input.checked = chosen.has(input.value);
      },
    };
  };
  const labelled = (input: HTMLInputElement | HTMLTextAreaElement, read: () => unknown, show: (v: unknown) => void) => {
    input.id = uid('answer');
    input.disabled = options.disabled;
    if (describedBy) input.setAttribute('aria-describedby', describedBy);
    if (item.required) input.setAttribute('aria-required', 'true');
    input.addEventListener('change', () => options.onChange(true));
    const element = h('div', { className: 'field' }, h('label', { htmlFor: input.id }, ...labelText(item)), input);
    return { element, read, show };
  };

  switch (response.type) {
    case 'yes_no_na':
    case 'pass_fail_na':
      return choiceGroup(Object.entries(choiceLabels[response.type] ?? {}), false);
    case 'single_choice':
      return choiceGroup(
        response.options.map((o) => [o, o]),
        false,
      );
    case 'multiple_choice':
      return choiceGroup(
        response.options.map((o) => [o, o]),
        true,
      );
    case 'text': {
      const input = h('textarea', { rows: 3, maxLength: response.maxLength ?? 1000 });
      input.addEventListener('input', () => options.onChange(false));
      return labelled(
        input,
        () => (input.value.trim() ? input.value : null),
        (v) => {
          input.value = typeof v === 'string' ? v : '';
        },
      );
    }
    case 'number': {
      const input = h('input', { type: 'number', step: 'any', inputMode: 'decimal' });
      if (response.min !== undefined) input.min = String(response.min);
      if (response.max !== undefined) input.max = String(response.max);
      const control = labelled(
        input,
        () => {
          if (input.value === '' && !input.validity.badInput) return null;
          const n = input.valueAsNumber;
          if (Number.isNaN(n)) return { invalid: 'Enter a number.' };
          if ((response.min !== undefined && n < response.min) || (response.max !== undefined && n > response.max)) {
            const range = [response.min, response.max].map((x) => (x === undefined ? '' : String(x)));
            return {
              invalid: `Enter a number${range[0] ? ` from ${range[0]}` : ''}${range[1] ? ` up to ${range[1]}` : ''}.`,
            };
          }
          return n;
        },
        (v) => {
          input.value = typeof v === 'number' ? String(v) : '';
        },
      );
      if (response.unit) control.element.append(h('span', { className: 'unit' }, response.unit));
      return control;
    }
    case 'date': {
      const input = h('input', { type: 'date' });
      return labelled(
        input,
        () => input.value || null,
        (v) => {
          input.value = typeof v === 'string' ? v : '';
        },
      );
    }
    case 'datetime': {
      const input = h('input', { type: 'datetime-local' });
      return labelled(
        input,
        () => (input.value ? new Date(input.value).toISOString() : null),
        (v) => {
          input.value = toLocalInput(v);
        },
      );
    }
    default:
      return undefined;
  }
}

/** How an answer value reads in a message (a conflict shows the other answer). */
export function describeValue(item: ChecklistItem, value: unknown): string {
  if (value === null || value === undefined) return 'no answer';
  const labels = choiceLabels[item.response.type];
  if (labels && typeof value === 'string') return labels[value] ?? value;
  if (Array.isArray(value)) return value.join(', ');
  if (item.response.type === 'datetime' && typeof value === 'string') return new Date(value).toLocaleString();
  return String(value);
}
