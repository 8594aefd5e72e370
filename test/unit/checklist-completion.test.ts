import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isComplete, itemToken, nextStep, progressIn } from '../../functions/checklists/checklist-completion';
import type { Part } from '../../functions/checklists/completion-repository';

const checklist = (id: string, items: { id: string; required: boolean; type?: string }[]): Part => ({
  entity: 'Checklist',
  id,
  title: id,
  sections: [
    {
      items: items.map((i) => ({ id: i.id, label: i.id, required: i.required, response: { type: i.type ?? 'text' } })),
    },
  ],
});
const answer = (checklistId: string, checklistItemId: string, value: unknown, version: number): Part => ({
  entity: 'ChecklistAnswer',
  checklistId,
  checklistItemId,
  value,
  version,
});

describe("an item's completion progress", () => {
  it('names a checklist item by 8 base64url characters, the same each time and different for another item', () => {
    expect(itemToken('c1', 'i1')).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(itemToken('c1', 'i1')).toBe(itemToken('c1', 'i1'));
    expect(itemToken('c1', 'i2')).not.toBe(itemToken('c1', 'i1'));
    // The checklist is part of the name: the same item id in two checklists is two items.
    expect(itemToken('c2', 'i1')).not.toBe(itemToken('c1', 'i1'));
  });

  it('requires the required items that take an answer, of every checklist, and marks each answer by version and value', () => {
    const parts = [
      checklist('c1', [
        { id: 'rules', required: true, type: 'instruction' },
        { id: 'vest', required: true },
        { id: 'notes', required: false },
      ]),
      checklist('c2', [{ id: 'gate', required: true }]),
      answer('c1', 'vest', 'yes', 3),
      answer('c1', 'notes', null, 2),
      { entity: 'ChecklistComment', checklistId: 'c1', checklistItemId: 'vest' },
    ];

    const { required, answers } = progressIn(parts);

    expect([...required].sort()).toEqual([itemToken('c1', 'vest'), itemToken('c2', 'gate')].sort());
    expect(answers).toEqual({ [itemToken('c1', 'vest')]: 7, [itemToken('c1', 'notes')]: 4 });
    expect(isComplete({ required, answers })).toBe(false);
    expect(isComplete(progressIn([...parts, answer('c2', 'gate', ['photo-1'], 1)]))).toBe(true);
    // An empty list of attachments answers nothing.
    expect(isComplete(progressIn([...parts, answer('c2', 'gate', [], 1)]))).toBe(false);
  });

  it('keeps the later of the answer read and the answer the record noted (a read that missed a newer write)', () => {
    const parts = [checklist('c1', [{ id: 'vest', required: true }]), answer('c1', 'vest', 'yes', 1)];
    const token = itemToken('c1', 'vest');

    expect(progressIn(parts, { [token]: 4 }).answers[token]).toBe(4);
    expect(progressIn(parts, { [token]: 2 }).answers[token]).toBe(3);
    expect(isComplete(progressIn(parts, { [token]: 4 }))).toBe(false);
  });

  it('is never complete without a required item', () => {
    expect(isComplete({ answers: { a: 3 } })).toBe(false);
    expect(isComplete({ required: new Set(), answers: {} })).toBe(false);
    expect(isComplete({ required: new Set(['a']) })).toBe(false);
  });
});

describe('the step completion takes', () => {
  const flags = { complete: false, round: 2, notifiedRound: 2 };

  it('claims a new completion for the record that saw it, reopens, or does nothing', () => {
    expect(nextStep(flags, true, 'e1')).toEqual({
      flags: { complete: true, round: 3, claimedBy: 'e1' },
      notify: true,
    });
    expect(nextStep({ ...flags, complete: true, claimedBy: 'e0' }, false, 'e1')).toEqual({
      flags: { complete: false },
      notify: false,
    });
    expect(nextStep({ ...flags, complete: true, claimedBy: 'e0' }, true, 'e1')).toEqual({ notify: false });
    expect(nextStep(flags, false, 'e1')).toEqual({ notify: false });
  });

  it('e-mails a claimed completion not yet e-mailed only from the record that claimed it', () => {
    const pending = { complete: true, round: 3, notifiedRound: 2, claimedBy: 'e1' };

    expect(nextStep(pending, true, 'e1')).toEqual({ notify: true });
    expect(nextStep(pending, true, 'e2')).toEqual({ notify: false });
    // Claimed before claims were recorded: taken over once (the write is conditional).
    expect(nextStep({ ...pending, claimedBy: undefined }, true, 'e2')).toEqual({
      flags: { claimedBy: 'e2' },
      notify: true,
    });
  });

  it('lets at most one of two records e-mail any one state', () => {
    const state = fc.record({
      complete: fc.boolean(),
      round: fc.nat(5),
      notifiedRound: fc.nat(5),
      claimedBy: fc.option(fc.constantFrom('e1', 'e2', 'e3'), { nil: undefined }),
    });
    fc.assert(
      fc.property(state, fc.boolean(), (progress, complete) => {
        const a = nextStep(progress, complete, 'e1');
        const b = nextStep(progress, complete, 'e2');
        // Both may try; only a step that writes (conditionally, on the version seen) may race.
        if (a.notify && b.notify) expect(a.flags && b.flags).toBeTruthy();
        if (a.notify) expect(complete).toBe(true);
      }),
    );
  });
});
