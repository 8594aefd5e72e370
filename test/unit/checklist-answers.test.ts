import { describe, expect, it } from 'vitest';
import { answerProblem } from '../../functions/checklists/answer-validation';
import type { Checklist, ChecklistResponse } from '../../functions/checklists/checklist.schema';
import { isFor, progressOf } from '../../functions/checklists/checklist-progress';

describe('answer validation', () => {
  it('accepts null as a cleared answer for every type that takes one, and refuses any answer to an instruction', () => {
    expect(answerProblem({ type: 'yes_no_na' }, null)).toBeUndefined();
    expect(answerProblem({ type: 'text', maxLength: 5 }, null)).toBeUndefined();
    expect(answerProblem({ type: 'instruction' }, null)).toBe('an instruction takes no answer');
  });

  it('checks numbers against their range and refuses what is not a finite number', () => {
    const response = { type: 'number', min: -5, max: 5 } as const;
    expect(answerProblem(response, -5)).toBeUndefined();
    expect(answerProblem(response, 5.5)).toBe('must be at most 5');
    expect(answerProblem(response, -6)).toBe('must be at least -5');
    expect(answerProblem({ type: 'number' }, Number.NaN)).toBe('must be a number');
  });

  it('takes only real calendar dates and date-times with an offset', () => {
    expect(answerProblem({ type: 'date' }, '2028-02-29')).toBeUndefined();
    expect(answerProblem({ type: 'date' }, '2027-02-29')).toBeDefined();
    expect(answerProblem({ type: 'datetime' }, '2026-12-02T09:30:00+01:00')).toBeUndefined();
    expect(answerProblem({ type: 'datetime' }, '2026-12-02T09:30:00')).toBeDefined();
  });

  it('refuses blank text and a multiple choice naming an option twice', () => {
    expect(answerProblem({ type: 'text', maxLength: 10 }, '   ')).toContain('must not be empty');
    const choice: ChecklistResponse = { type: 'multiple_choice', options: ['A', 'B'] };
    expect(answerProblem(choice, ['A', 'A'])).toBe('must not name an option twice');
    expect(answerProblem(choice, 'A')).toBe('must be a non-empty list of options');
  });
});

describe('checklist progress', () => {
  const checklist = {
    audience: { externalUserIds: ['ext-1'] },
    sections: [
      {
        id: 's',
        title: 'S',
        items: [
          { id: 'i0', label: 'Read', required: false, response: { type: 'instruction' } },
          { id: 'i1', label: 'A', required: true, response: { type: 'yes_no_na' } },
          { id: 'i2', label: 'B', required: false, response: { type: 'yes_no_na' } },
        ],
      },
    ],
  } as unknown as Checklist;
  const answer = (checklistItemId: string, value: unknown) =>
    ({ checklistId: 'c', checklistItemId, value }) as Parameters<typeof progressOf>[1][number];

  it('counts answered required items and answered items, leaving out instructions and cleared answers', () => {
    expect(progressOf(checklist, [])).toEqual({ requiredAnswered: 0, requiredTotal: 1, answered: 0, total: 2 });
    expect(progressOf(checklist, [answer('i1', 'yes'), answer('i2', null)])).toEqual({
      requiredAnswered: 1,
      requiredTotal: 1,
      answered: 1,
      total: 2,
    });
  });

  it('is for the named external users only, or for everyone assigned', () => {
    expect(isFor(checklist, 'ext-1')).toBe(true);
    expect(isFor(checklist, 'ext-2')).toBe(false);
    expect(isFor({ ...checklist, audience: { all: true } }, 'ext-2')).toBe(true);
  });
});
