import { describe, expect, it } from 'vitest';
import { keys, type WorkItemType } from '../../functions/shared/data/keys';
import type { VisibilityScope } from '../../functions/staff/permissions/visibility-scopes';
import { partitionOf } from '../../functions/work/shared/work-item-list';

const scopes: VisibilityScope[] = [
  { kind: 'all' },
  { kind: 'open' },
  { kind: 'confidential' },
  { kind: 'openOwnedBy', ownerId: 'user-1' },
  { kind: 'openOwnedBy', ownerId: 'user-2' },
  { kind: 'privacyStatus', privacyStatusId: 'ps-1' },
  { kind: 'privacyStatus', privacyStatusId: 'ps-2' },
];

const listed = (type: WorkItemType, scope: VisibilityScope, archived = false, status?: string) => {
  const target = keys.workItemList(type, 'acc-1', partitionOf(scope), { archived, ...(status ? { status } : {}) });
  return `${target.index} ${target.partition.value}`;
};

const placed = (attributes: Record<string, string | undefined>) =>
  [
    `lists ${attributes.gsi1pk}`,
    ...(attributes.gsi2pk !== undefined ? [`visibility ${attributes.gsi2pk}`] : []),
  ] as string[];

const incidentFacts = { id: 'inc-1', sortAt: '2026-12-01T09:00:00+01:00', archived: false, status: 'open' };
const logFacts = { id: 'log-1', sortAt: '2026-12-01T09:00:00Z', archived: false };

describe('incident and log list partitions', () => {
  it('gives every visibility scope and incident status a partition of its own', () => {
    const all = scopes.flatMap((scope) =>
      [undefined, 'open', 'in_progress', 'closed'].map((status) => listed('incident', scope, false, status)),
    );
    expect(new Set(all).size).toBe(all.length);
  });

  it('keeps incidents and logs apart from each other and archived items apart from current ones', () => {
    const all = scopes.flatMap((scope) => [
      listed('incident', scope),
      listed('incident', scope, true),
      listed('log', scope),
      listed('log', scope, true),
    ]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('starts every partition and collection key with the account', () => {
    for (const scope of scopes) expect(listed('log', scope).split(' ')[1]).toMatch(/^ACC#acc-1#/);
    expect(keys.workItem('incident', 'acc-1', 'inc-1').pk).toMatch(/^ACC#acc-1#/);
  });

  it('puts a non-confidential incident in "all" and "open", and its owner links in their owner partitions, with and without status', () => {
    const item = placed(keys.workItemIndexes('incident', 'acc-1', { ...incidentFacts, confidential: false }));
    const statusLink = placed(
      keys.workItemStatusLinkIndexes('incident', 'acc-1', { ...incidentFacts, confidential: false }),
    );
    const owner = placed(keys.workItemOwnerLinkIndexes('incident', 'acc-1', 'user-1', incidentFacts));
    const scope = (s: VisibilityScope, status?: string) => listed('incident', s, false, status);
    expect(item).toEqual([scope({ kind: 'all' }), scope({ kind: 'open' })]);
    expect(statusLink).toEqual([scope({ kind: 'all' }, 'open'), scope({ kind: 'open' }, 'open')]);
    expect(owner).toEqual([
      scope({ kind: 'openOwnedBy', ownerId: 'user-1' }),
      scope({ kind: 'openOwnedBy', ownerId: 'user-1' }, 'open'),
    ]);
  });

  it('puts a confidential log in "all", "confidential" and its privacy status only (logs have no per-status partitions)', () => {
    const item = placed(keys.workItemIndexes('log', 'acc-1', { ...logFacts, confidential: true }));
    const privacy = placed(keys.workItemPrivacyLinkIndexes('log', 'acc-1', 'ps-1', logFacts));
    expect(item).toEqual([listed('log', { kind: 'all' }), listed('log', { kind: 'confidential' })]);
    expect(privacy).toEqual([listed('log', { kind: 'privacyStatus', privacyStatusId: 'ps-1' })]);
  });

  it('has no partition for project scopes, which incidents and logs never get', () => {
    expect(() => partitionOf({ kind: 'openProjects', projectIds: ['p'] })).toThrow();
    expect(() => partitionOf({ kind: 'confidentialProjects', projectIds: ['p'] })).toThrow();
  });

  it('bounds a date range so that items exactly at either end are inside it, in UTC', () => {
    const target = keys.workItemList(
      'incident',
      'acc-1',
      { kind: 'all' },
      {
        archived: false,
        range: { from: '2026-12-01T08:00:00Z', to: '2026-12-01T09:00:00+01:00' },
      },
    );
    const sortKey = keys.workItemIndexes('incident', 'acc-1', { ...incidentFacts, confidential: false }).gsi1sk;
    expect(target.sortKeyRange).toMatchObject({ from: '2026-12-01T08:00:00.000Z' });
    expect(sortKey >= (target.sortKeyRange?.from ?? '')).toBe(true);
    expect(sortKey <= (target.sortKeyRange?.to ?? '')).toBe(true);
  });

  it('refuses an owner or item id that could break out of its key segment', () => {
    expect(() => listed('log', { kind: 'openOwnedBy', ownerId: 'x#LOGS' })).toThrow('unsafe identifier');
    expect(() => keys.workItem('incident', 'acc-1', 'a#b')).toThrow('unsafe identifier');
  });
});
