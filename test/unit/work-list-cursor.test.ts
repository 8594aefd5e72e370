import { describe, expect, it } from 'vitest';
import type { QueryTarget } from '../../functions/shared/data/keys';
import type { VisibilityScope } from '../../functions/staff/permissions/visibility-scopes';
import { scopedListPage, type WorkListRequest } from '../../functions/work/shared/work-item-list';

const rangeFields = { from: 'raisedFrom', to: 'raisedTo' };
/** Which scope a partition serves, read off its key (enough to tell this test's two scopes apart). */
const scopeOf = (partition: string) =>
  partition.includes('#OWNER#') ? 'openOwnedBy' : partition.includes('#PRIVACY#') ? 'privacyStatus' : partition;
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A reader that answers fixed pages per partition and records which partitions it was asked for. */
function pages(answers: Record<string, { items: string[]; cursor?: string }>) {
  const asked: { partition: string; cursor?: string }[] = [];
  const read = async (t: QueryTarget, page: { limit: number; cursor?: string }) => {
    const partition = scopeOf(t.partition.value);
    asked.push({ partition, ...(page.cursor ? { cursor: page.cursor } : {}) });
    return answers[partition] ?? { items: [] };
  };
  return { asked, read };
}

const list = (scopes: VisibilityScope[]) => ({ type: 'incident' as const, accountId: 'acc-1', scopes, rangeFields });
const walk = (
  scopes: VisibilityScope[],
  request: WorkListRequest,
  read: (t: QueryTarget, page: { limit: number; cursor?: string }) => Promise<{ items: string[]; cursor?: string }>,
) => scopedListPage(list(scopes), request, read);

const twoScopes: VisibilityScope[] = [
  { kind: 'openOwnedBy', ownerId: 'u-1' },
  { kind: 'privacyStatus', privacyStatusId: 'ps-1' },
];

describe('the scoped list walk', () => {
  it('answers an empty page without reading anything when the caller has no scope', async () => {
    const { asked, read } = pages({});
    expect(await walk([], {}, read)).toEqual({ items: [] });
    expect(asked).toEqual([]);
  });

  it('ends a page at the end of a scope and continues with the next scope from its start', async () => {
    const { asked, read } = pages({ openOwnedBy: { items: ['a'] }, privacyStatus: { items: ['b'] } });
    const first = await walk(twoScopes, {}, read);
    expect(first.items).toEqual(['a']);
    const second = await walk(twoScopes, { cursor: first.cursor ?? '' }, read);
    expect(second).toEqual({ items: ['b'] });
    expect(asked).toEqual([{ partition: 'openOwnedBy' }, { partition: 'privacyStatus' }]);
  });

  it('continues within a scope with that partition’s own cursor', async () => {
    const { asked, read } = pages({ openOwnedBy: { items: ['a'], cursor: 'k1' } });
    const first = await walk(twoScopes, {}, read);
    await walk(twoScopes, { cursor: first.cursor ?? '' }, read);
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
    await expect(walk(twoScopes, { cursor }, read)).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_CURSOR',
    });
    expect(asked).toEqual([]);
  });

  it('refuses any cursor when the caller has no scope', async () => {
    const { read } = pages({});
    await expect(walk([], { cursor: encode({ scope: 0 }) }, read)).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
    });
  });

  it('answers 400 naming the start field when a date range ends before it starts', async () => {
    const { read } = pages({});
    const request = { from: '2030-02-01T00:00:00Z', to: '2030-01-01T00:00:00Z' };
    await expect(walk(twoScopes, request, read)).rejects.toMatchObject({
      status: 400,
      details: [expect.objectContaining({ path: 'query.raisedFrom' })],
    });
  });
});
