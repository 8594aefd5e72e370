import { storableNumberProblem } from '#shared/contract';
import type { ChecklistResponse } from './checklist.schema';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function validDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

const oneOf = (allowed: readonly string[], value: unknown) =>
  typeof value === 'string' && allowed.includes(value)
    ? undefined
    : `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`;

/**
 * What is wrong with `value` as an answer of this response type, in words; undefined when it is a
 * valid answer. `null` (clearing the answer) is valid for every type that takes an answer.
 */
export function answerProblem(response: ChecklistResponse, value: unknown): string | undefined {
  if (response.type === 'instruction') return 'an instruction takes no answer';
  if (response.type === 'signature' || response.type === 'photo') {
    return 'is answered by uploading files (POST …/attachments, then confirm), not by a value';
  }
  if (value === null) return undefined;
  switch (response.type) {
    case 'yes_no_na':
      return oneOf(['yes', 'no', 'na'], value);
    case 'pass_fail_na':
      return oneOf(['pass', 'fail', 'na'], value);
    case 'text':
      if (typeof value !== 'string') return 'must be text';
      if (value.trim() === '') return 'must not be empty (send null to clear the answer)';
      return value.length > response.maxLength ? `must be at most ${response.maxLength} characters` : undefined;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (response.min !== undefined && value < response.min) return `must be at least ${response.min}`;
      if (response.max !== undefined && value > response.max) return `must be at most ${response.max}`;
      return storableNumberProblem(value);
    case 'date':
      return typeof value === 'string' && validDate(value) ? undefined : 'must be a date, YYYY-MM-DD';
    case 'datetime':
      return typeof value === 'string' && DATETIME.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'must be a date and time in ISO 8601 with an offset, e.g. 2026-12-02T09:30:00Z';
    case 'single_choice':
      return oneOf(response.options, value);
    case 'multiple_choice': {
      if (!Array.isArray(value) || value.length === 0) return 'must be a non-empty list of options';
      const unknown = value.find((choice) => typeof choice !== 'string' || !response.options.includes(choice));
      if (unknown !== undefined) return `${JSON.stringify(unknown)} is not one of the options`;
      return new Set(value).size === value.length ? undefined : 'must not name an option twice';
    }
  }
}
