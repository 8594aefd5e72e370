import { describe, expect, it } from 'vitest';
import { keys } from '../../functions/shared/data/keys';
import type { VisibilityScope } from '../../functions/staff/permissions/visibility-scopes';
import { jobPartitionFor } from '../../functions/work/jobs/job-visibility';

const scopes: VisibilityScope[] = [
  { kind: 'all' },
  { kind: 'open' },
  { kind: 'confidential' },
  { kind: 'openOwnedBy', ownerId: 'user-1' },
  { kind: 'openOwnedBy', ownerId: 'user-2' },
  { kind: 'privacyStatus', privacyStatusId: 'ps-1' },
  { kind: 'privacyStatus', privacyStatusId: 'ps-2' },
];
const statuses = [undefined, 'open', 'in_progress', 'completed', 'cancelled'];

const partitionOf = (scope: VisibilityScope, archived = false, status?: string) => {
  const target = jobPartitionFor('acc-1', scope, { archived, ...(status ? { status } : {}) });
  return `${target.index} ${target.partition.value}`;
};

const facts = { jobId: 'job-1', dueAt: '2026-12-01T09:00:00Z', archived: false, status: 'in_progress' };

/** The "index partition" pairs an item's index attributes place it in. */
const placed = (attributes: Record<string, string>) => [
  `lists ${attributes.gsi1pk}`,
  `visibility ${attributes.gsi2pk}`,
];

describe('job list partitions', () => {
  it('gives every visibility scope and status a partition of its own', () => {
    const partitions = scopes.flatMap((scope) => statuses.map((status) => partitionOf(scope, false, status)));
    expect(new Set(partitions).size).toBe(scopes.length * statuses.length);
  });

  it('keeps archived jobs in partitions apart from the current ones', () => {
    const current = scopes.map((scope) => partitionOf(scope));
    const archived = scopes.map((scope) => partitionOf(scope, true));
    expect(archived.filter((p) => current.includes(p))).toEqual([]);
  });

  it('starts every partition with the account', () => {
    for (const scope of scopes) {
      expect(jobPartitionFor('acc-1', scope, { archived: false }).partition.value.startsWith('ACC#acc-1#')).toBe(true);
    }
  });

  it('puts a job without privacy status in the partitions of "all", "open" and its owners, with and without its status', () => {
    const items = [
      keys.jobIndexes('acc-1', { ...facts, confidential: false }),
      keys.jobStatusLinkIndexes('acc-1', { ...facts, confidential: false }),
      keys.jobOwnerLinkIndexes('acc-1', 'user-1', facts),
    ].flatMap(placed);
    const expected = [{ kind: 'all' }, { kind: 'open' }, { kind: 'openOwnedBy', ownerId: 'user-1' }].flatMap(
      (scope) => [partitionOf(scope as VisibilityScope), partitionOf(scope as VisibilityScope, false, 'in_progress')],
    );
    expect(items.sort()).toEqual(expected.sort());
  });

  it('puts a confidential job in the partitions of "all", "confidential" and its privacy status only', () => {
    const items = [
      keys.jobIndexes('acc-1', { ...facts, confidential: true }),
      keys.jobStatusLinkIndexes('acc-1', { ...facts, confidential: true }),
      keys.jobPrivacyLinkIndexes('acc-1', 'ps-1', facts),
    ].flatMap(placed);
    const expected = [
      { kind: 'all' },
      { kind: 'confidential' },
      { kind: 'privacyStatus', privacyStatusId: 'ps-1' },
    ].flatMap((scope) => [
      partitionOf(scope as VisibilityScope),
      partitionOf(scope as VisibilityScope, false, 'in_progress'),
    ]);
    expect(items.sort()).toEqual(expected.sort());
  });

  it('has no partition for project scopes, which jobs never get', () => {
    expect(() => jobPartitionFor('acc-1', { kind: 'openProjects', projectIds: ['p'] }, { archived: false })).toThrow();
  });

  it('bounds a due range so that jobs due exactly at either end are inside it', () => {
    const from = '2026-12-01T09:00:00+01:00';
    const to = '2026-12-02T09:00:00Z';
    const range = keys.jobList('acc-1', { kind: 'all' }, { archived: false, due: { from, to } }).sortKeyRange;
    const sortOf = (dueAt: string) =>
      keys.jobIndexes('acc-1', { ...facts, jobId: 'zzz', dueAt, confidential: false }).gsi1sk;
    const inside = (value: string) => value >= (range?.from ?? '') && value <= (range?.to ?? '');
    expect([inside(sortOf(from)), inside(sortOf(to))]).toEqual([true, true]);
  });

  it('orders the sort keys of jobs due at different offsets by their instant', () => {
    const sortKey = (dueAt: string) => keys.jobIndexes('acc-1', { ...facts, dueAt, confidential: false }).gsi1sk;
    expect(sortKey('2026-12-01T09:00:00+02:00') < sortKey('2026-12-01T08:00:00Z')).toBe(true);
  });

  it('refuses an owner id that could break out of its key segment', () => {
    expect(() => jobPartitionFor('acc-1', { kind: 'openOwnedBy', ownerId: 'x#JOBS' }, { archived: false })).toThrow(
      'unsafe identifier',
    );
  });
});
