import { describe, expect, it } from 'vitest';
import type { QueryTarget } from '../../functions/shared/data/keys';
import type { VisibilityScope } from '../../functions/staff/permissions/visibility-scopes';
import { scopedListPage } from '../../functions/work/shared/work-item-list';

const range = { from: 'raisedFrom', to: 'raisedTo' };
const target = (scope: VisibilityScope): QueryTarget => ({ partition: { name: 'p', value: scope.kind } });
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A reader that answers fixed pages per partition and records which partitions it was asked for. */
function pages(answers: Record<string, { items: string[]; cursor?: string }>) {
  const asked: { partition: string; cursor?: string }[] = [];
  const read = async (t: QueryTarget, page: { limit: number; cursor?: string }) => {
    asked.push({ partition: t.partition.value, ...(page.cursor ? { cursor: page.cursor } : {}) });
    return answers[t.partition.value] ?? { items: [] };
  };
  return { asked, read };
}

const twoScopes: VisibilityScope[] = [
  { kind: 'openOwnedBy', ownerId: 'u-1' },
  { kind: 'privacyStatus', privacyStatusId: 'ps-1' },
];

describe('the scoped list walk', () => {
  it('answers an empty page without reading anything when the caller has no scope', async () => {
    const { asked, read } = pages({});
    expect(await scopedListPage([], {}, range, target, read)).toEqual({ items: [] });
    expect(asked).toEqual([]);
  });

  it('ends a page at the end of a scope and continues with the next scope from its start', async () => {
    const { asked, read } = pages({ openOwnedBy: { items: ['a'] }, privacyStatus: { items: ['b'] } });
    const first = await scopedListPage(twoScopes, {}, range, target, read);
    expect(first.items).toEqual(['a']);
    const second = await scopedListPage(twoScopes, { cursor: first.cursor ?? '' }, range, target, read);
    expect(second).toEqual({ items: ['b'] });
    expect(asked).toEqual([{ partition: 'openOwnedBy' }, { partition: 'privacyStatus' }]);
  });

  it('continues within a scope with that partition’s own cursor', async () => {
    const { asked, read } = pages({ openOwnedBy: { items: ['a'], cursor: 'k1' } });
    const first = await scopedListPage(twoScopes, {}, range, target, read);
    await scopedListPage(twoScopes, { cursor: first.cursor ?? '' }, range, target, read);
    expect(asked[1]).toEqual({ partition: 'openOwnedBy', cursor: 'k1' });
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['a scope past the caller’s', encode({ scope: 2 })],
    ['a negative scope', encode({ scope: -1 })],
    ['an extra field', encode({ scope: 0, extra: 1 })],
    ['a key that is not text', encode({ scope: 0, key: 5 })],
    ['an array', encode([0])],
  ])('refuses a cursor with %s (400 INVALID_CURSOR) without reading', async (_, cursor) => {
    const { asked, read } = pages({});
    await expect(scopedListPage(twoScopes, { cursor }, range, target, read)).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_CURSOR',
    });
    expect(asked).toEqual([]);
  });

  it('refuses any cursor when the caller has no scope', async () => {
    const { read } = pages({});
    await expect(scopedListPage([], { cursor: encode({ scope: 0 }) }, range, target, read)).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
    });
  });

  it('answers 400 naming the start field when a date range ends before it starts', async () => {
    const { read } = pages({});
    const request = { from: '2030-02-01T00:00:00Z', to: '2030-01-01T00:00:00Z' };
    await expect(scopedListPage(twoScopes, request, range, target, read)).rejects.toMatchObject({
      status: 400,
      details: [expect.objectContaining({ path: 'query.raisedFrom' })],
    });
  });
});
