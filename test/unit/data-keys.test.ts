import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../functions/shared/data/cursor';
import { keys } from '../../functions/shared/data/keys';

const idArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);

describe('data keys', () => {
  it('starts every key of an account with that account, and only that account', () => {
    fc.assert(
      fc.property(idArb, idArb, idArb, (accountId, otherAccountId, userId) => {
        fc.pre(accountId !== otherAccountId);
        const user = keys.staffUser(accountId, userId);
        expect(user.pk).toBe(keys.account(accountId).pk);
        expect(user.pk).not.toBe(keys.account(otherAccountId).pk);
        expect(keys.staffUserIndexes(accountId, userId, 'Doe Jo').gsi1pk.startsWith(keys.account(accountId).pk)).toBe(
          true,
        );
      }),
    );
  });

  it('refuses an identifier that could break out of its key segment', () => {
    for (const bad of ['a#b', '', 'x'.repeat(129), 'new\nline', 'ACC#other']) {
      expect(() => keys.staffUser('acct', bad)).toThrow('unsafe identifier');
      expect(() => keys.account(bad)).toThrow('unsafe identifier');
    }
  });

  it('keeps staff e-mails unique case-insensitively', () => {
    expect(keys.staffUserEmail('a', 'Dana@Example.COM')).toEqual(keys.staffUserEmail('a', 'dana@example.com'));
  });
});

describe('pagination cursors', () => {
  const target = keys.staffUsersByName('acct-1');
  const lastKey = { pk: 'ACC#acct-1', sk: 'USER#u1', gsi1pk: target.partition.value, gsi1sk: 'doe#u1' };

  it('round-trips an opaque cursor for the same list', () => {
    const cursor = encodeCursor(lastKey);
    expect(cursor).toMatch(/^[\w-]+$/);
    expect(decodeCursor(cursor, target)).toEqual(lastKey);
  });

  it('refuses a cursor from another account with 400 INVALID_CURSOR', () => {
    const cursor = encodeCursor({ ...lastKey, gsi1pk: keys.staffUsersByName('acct-2').partition.value });
    expect(() => decodeCursor(cursor, target)).toThrow(
      expect.objectContaining({ status: 400, code: 'INVALID_CURSOR' }),
    );
  });

  it('refuses garbage and tampered cursors with 400 INVALID_CURSOR', () => {
    for (const bad of [
      '%%%',
      'bm90IGpzb24',
      encodeCursor({ gsi1pk: { S: 'x' } }) ?? '',
      encodeCursor(['a'] as never) ?? '',
    ]) {
      expect(() => decodeCursor(bad, target)).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR' }));
    }
  });

  it('refuses a cursor outside the sort-key range of the list it continues', () => {
    const ranged = { ...target, sortKeyRange: { name: 'gsi1sk', from: 'b', to: 'm' } };
    expect(decodeCursor(encodeCursor({ ...lastKey, gsi1sk: 'doe#u1' }), ranged)).toMatchObject({ gsi1sk: 'doe#u1' });
    for (const outside of ['a#u1', 'z#u1']) {
      expect(() => decodeCursor(encodeCursor({ ...lastKey, gsi1sk: outside }), ranged)).toThrow(
        expect.objectContaining({ code: 'INVALID_CURSOR' }),
      );
    }
  });

  it('has no cursor after the last page', () => {
    expect(encodeCursor(undefined)).toBeUndefined();
  });
});
