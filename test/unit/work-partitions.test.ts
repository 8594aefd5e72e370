import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  keys,
  ownerPairRowIndexes,
  ownerPairRowKey,
  type VisibilityClass,
  type WorkItemType,
} from '../../functions/shared/data/keys';
import { effectivePermissions } from '../../functions/staff/permissions/effective-permissions';
import { type VisibilityScope, visibilityScopesFor } from '../../functions/staff/permissions/visibility-scopes';
import { ownerPairFilters, rowFilters } from '../../functions/work/shared/list-rows';
import {
  type ListFilters,
  narrowScopes,
  partitionOf,
  workListTarget,
} from '../../functions/work/shared/work-item-list';
import { visibilityOf } from '../../functions/work/shared/work-item-store';
import { roleArbitrary, storedPermissionsArbitrary } from '../support/permission-reference';

/*
 * The list layout, checked as a whole: for any item and any list request (a visibility scope,
 * owner, department and privacy filters, status, archived), the partitions the request reads hold
 * the item exactly once when it matches and not at all otherwise. So a page reads only what it
 * returns (docs/performance.md), except a just-owned viewer's lists of logs, risks, assessments and
 * projects by another owner, a customer or a site (no (owner, X) rows: WRK-6).
 */

const privacyTypes = ['job', 'incident', 'log'] as const;
const flagTypes = ['risk', 'riskAssessment', 'project'] as const;
const withStatus: ReadonlySet<WorkItemType> = new Set(['job', 'incident', 'risk', 'project']);
const users = ['u1', 'u2', 'u3'];
const departments = ['d1', 'd2'];
const privacyStatuses = ['p1', 'p2'];

interface Item {
  type: WorkItemType;
  id: string;
  description: string;
  ownerIds: string[];
  departmentId?: string;
  privacyStatusId?: string;
  confidential?: boolean;
  status?: string;
  externalUsers?: string[];
  customerId?: string;
  siteId?: string;
  siteTreeId?: string;
  archived: boolean;
  version: number;
  sortAt: string;
}

/** Jobs and incidents have external users assigned. */
const assignable: ReadonlySet<WorkItemType> = new Set(['job', 'incident']);
const externals = ['x1', 'x2'];
const customers = ['c1', 'c2'];
/** Sites and their trees: s1 is a master, s2 its sub-site, s3 another master. */
const siteTrees: Record<string, string> = { s1: 's1', s2: 's1', s3: 's3' };

const optional = <T>(values: T[]) => fc.option(fc.constantFrom(...values), { nil: undefined });

const item: fc.Arbitrary<Item> = fc
  .record({
    type: fc.constantFrom<WorkItemType>(...privacyTypes, ...flagTypes),
    ownerIds: fc.subarray(users, { minLength: 1 }),
    departmentId: optional(departments),
    privacyStatusId: optional(privacyStatuses),
    confidential: fc.boolean(),
    status: fc.constantFrom('s1', 's2'),
    externalUsers: fc.subarray(externals),
    customerId: optional(customers),
    siteId: optional(Object.keys(siteTrees)),
    archived: fc.boolean(),
  })
  .map(({ type, privacyStatusId, confidential, status, departmentId, externalUsers, customerId, siteId, ...rest }) => ({
    ...rest,
    type,
    id: 'item-1',
    description: '',
    version: 1,
    sortAt: '2026-12-01T09:00:00+01:00',
    ...(departmentId !== undefined ? { departmentId } : {}),
    ...((privacyTypes as readonly string[]).includes(type)
      ? privacyStatusId !== undefined
        ? { privacyStatusId }
        : {}
      : { confidential }),
    ...(withStatus.has(type) ? { status } : {}),
    ...(assignable.has(type) ? { externalUsers } : {}),
    // Jobs, incidents and logs name a customer, and maybe one of its sites (which sets the tree).
    ...((privacyTypes as readonly string[]).includes(type) && customerId !== undefined
      ? { customerId, ...(siteId !== undefined ? { siteId, siteTreeId: siteTrees[siteId] as string } : {}) }
      : {}),
  }));

/** Scopes of the kinds the permission model gives each type (projects' specific scopes are read directly). */
const scopeFor = (type: WorkItemType): fc.Arbitrary<VisibilityScope> =>
  fc.oneof(
    fc.constant({ kind: 'all' as const }),
    fc.constant({ kind: 'open' as const }),
    fc.constantFrom(...users).map((ownerId) => ({ kind: 'openOwnedBy' as const, ownerId })),
    (privacyTypes as readonly string[]).includes(type)
      ? fc
          .constantFrom(...privacyStatuses)
          .map((privacyStatusId) => ({ kind: 'privacyStatus' as const, privacyStatusId }))
      : fc.constant({ kind: 'confidential' as const }),
  );

const filtersFor = (type: WorkItemType): fc.Arbitrary<ListFilters> => {
  const visibility = fc.option<VisibilityClass>(
    (privacyTypes as readonly string[]).includes(type)
      ? fc.oneof(
          fc.constant({ kind: 'open' as const }),
          fc.constantFrom(...privacyStatuses).map((privacyStatusId) => ({
            kind: 'privacyStatus' as const,
            privacyStatusId,
          })),
        )
      : fc.constantFrom<VisibilityClass>({ kind: 'open' }, { kind: 'confidential' }),
    { nil: undefined },
  );
  const byOwnerOrDepartment = fc.record({
    ownerId: optional(users),
    departmentId: optional(departments),
    visibility,
  });
  // The external-user, customer and site filters stand alone (with privacy), as the API accepts them.
  const byExternalUser = fc.record({ externalUserId: fc.constantFrom(...externals), visibility });
  const byCustomer = fc.record({ customerId: fc.constantFrom(...customers), visibility });
  const bySite = fc.record({ siteId: fc.constantFrom(...Object.keys(siteTrees)), visibility });
  const named = (privacyTypes as readonly string[]).includes(type) ? [byCustomer, bySite] : [];
  const external = assignable.has(type) ? [byExternalUser] : [];
  return fc
    .oneof(byOwnerOrDepartment, ...external, ...named)
    .map((f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as ListFilters);
};

const confidentialOf = (i: Item) => i.privacyStatusId !== undefined || i.confidential === true;

/** The rules, plainly: is the item in the scope and does it pass the filters? */
function matches(i: Item, scope: VisibilityScope, filters: ListFilters, archived: boolean, status?: string): boolean {
  const inScope =
    scope.kind === 'all' ||
    (scope.kind === 'open' && !confidentialOf(i)) ||
    (scope.kind === 'openOwnedBy' && !confidentialOf(i) && i.ownerIds.includes(scope.ownerId)) ||
    (scope.kind === 'confidential' && confidentialOf(i)) ||
    (scope.kind === 'privacyStatus' && i.privacyStatusId === scope.privacyStatusId);
  const v = filters.visibility;
  const inClass =
    v === undefined ||
    (v.kind === 'open' && !confidentialOf(i)) ||
    (v.kind === 'confidential' && i.confidential === true) ||
    (v.kind === 'privacyStatus' && i.privacyStatusId === v.privacyStatusId);
  return (
    inScope &&
    inClass &&
    (filters.ownerId === undefined || i.ownerIds.includes(filters.ownerId)) &&
    (filters.departmentId === undefined || i.departmentId === filters.departmentId) &&
    (filters.externalUserId === undefined || (i.externalUsers ?? []).includes(filters.externalUserId)) &&
    (filters.customerId === undefined || i.customerId === filters.customerId) &&
    (filters.siteId === undefined || i.siteId === filters.siteId) &&
    i.archived === archived &&
    (status === undefined || i.status === status)
  );
}

/** Every (index, partition) the item and its rows are listed in, once per row. */
function placements(i: Item): { at: string; row: Record<string, string[] | string | undefined> }[] {
  const facts = {
    id: i.id,
    sortAt: i.sortAt,
    archived: i.archived,
    visibility: visibilityOf(i),
    ...(i.status !== undefined ? { status: i.status } : {}),
  };
  const names = [
    ['lists', 'gsi1pk'],
    ['visibility', 'gsi2pk'],
    ['listsByStatus', 'gsi3pk'],
    ['visibilityByStatus', 'gsi4pk'],
  ] as const;
  // The (owner, X) rows of open jobs and incidents, which the stream consumer keeps (WRK-8).
  const pairs = assignable.has(i.type) && !confidentialOf(i) ? ownerPairFilters(i) : [];
  return [
    ...[{}, ...rowFilters(i)].map((filter) => keys.workItemRowIndexes(i.type, 'acc-1', filter, facts)),
    ...pairs.map((filter) => ownerPairRowIndexes(i.type, 'acc-1', filter, { ...facts, departmentId: i.departmentId })),
  ].flatMap((attributes: Record<string, string>) => {
    return names
      .filter(([, pk]) => attributes[pk] !== undefined)
      .map(([index, pk]) => ({
        at: `${index} ${attributes[pk]}`,
        row: { ownerIds: i.ownerIds, externalUsers: i.externalUsers ?? [], customerId: i.customerId, siteId: i.siteId },
      }));
  });
}

describe('work item list partitions', () => {
  it('hold every item exactly once in the partitions a matching list request reads, and never otherwise', () => {
    const request = item.chain((i) =>
      fc.record({
        i: fc.constant(i),
        scope: scopeFor(i.type),
        filters: filtersFor(i.type),
        archived: fc.boolean(),
        status: withStatus.has(i.type) ? optional(['s1', 's2']) : fc.constant(undefined),
      }),
    );
    fc.assert(
      fc.property(request, ({ i, scope, filters, archived, status }) => {
        const placed = placements(i);
        let hits = 0;
        for (const narrowed of narrowScopes([scope], filters.visibility)) {
          const target = workListTarget(i.type, 'acc-1', narrowed, filters, {
            archived,
            ...(status !== undefined ? { status } : {}),
          });
          const read = placed.filter((p) => p.at === `${target.index} ${target.partition.value}`);
          const { containing, matching } = target;
          const kept = read
            .filter((p) => !containing || ((p.row[containing.name] as string[]) ?? []).includes(containing.value))
            .filter((p) => !matching || p.row[matching.name] === matching.value);
          // Read = returned: a partition without a FilterExpression holds only matching rows.
          if (!containing && !matching) expect(read.length).toBe(kept.length);
          // Jobs and incidents have partitions for every filter the scopes allow (WRK-8's rows).
          if (assignable.has(i.type)) expect(containing ?? matching).toBeUndefined();
          hits += kept.length;
        }
        expect(hits).toBe(matches(i, scope, filters, archived, status) ? 1 : 0);
      }),
      { numRuns: 5000 },
    );
  });

  it("holds each item once in the open class of its site tree's partition, which a client's scope reads whole", () => {
    fc.assert(
      fc.property(item, fc.constantFrom('s1', 's3'), fc.boolean(), (i, master, archived) => {
        const target = keys.workItemList(
          i.type,
          'acc-1',
          { filter: { siteTreeId: master }, visibility: { kind: 'open' } },
          { archived },
        );
        const hits = placements(i).filter((p) => p.at === `${target.index} ${target.partition.value}`).length;
        const expected = i.siteTreeId === master && !confidentialOf(i) && i.archived === archived ? 1 : 0;
        expect(hits).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads a just-owned viewer's jobs and incidents by another owner, an external user, a customer or a site from the (owner, X) rows, without a FilterExpression", () => {
    const own = { kind: 'openOwnedBy', ownerId: 'u1' } as const;
    const options = { archived: false, status: 'open' };
    const cases: [ListFilters, string, string][] = [
      [{ externalUserId: 'x1' }, 'visibilityByStatus', 'ACC#acc-1#JOBS#OWNER#u1#EXTUSER#x1#OPEN#STATUS#open'],
      [{ ownerId: 'u2' }, 'visibilityByStatus', 'ACC#acc-1#JOBS#OWNER#u1#COOWNER#u2#OPEN#STATUS#open'],
      [
        { ownerId: 'u2', departmentId: 'd1' },
        'listsByStatus',
        'ACC#acc-1#JOBS#OWNER#u1#COOWNER#u2#DEPT#d1#STATUS#open',
      ],
      [{ customerId: 'c1' }, 'visibilityByStatus', 'ACC#acc-1#JOBS#OWNER#u1#CUSTOMER#c1#OPEN#STATUS#open'],
      [{ siteId: 's1' }, 'visibilityByStatus', 'ACC#acc-1#JOBS#OWNER#u1#SITE#s1#OPEN#STATUS#open'],
    ];
    for (const [filters, index, partition] of cases) {
      const target = workListTarget('job', 'acc-1', own, filters, options);
      expect({ filters, index: target.index, partition: target.partition.value }).toEqual({
        filters,
        index,
        partition,
      });
      expect(target.containing ?? target.matching).toBeUndefined();
    }
    // The viewer as the owner filter: their own rows, as without it.
    expect(workListTarget('incident', 'acc-1', own, { ownerId: 'u1' }, options).partition.value).toBe(
      'ACC#acc-1#INCIDENTS#OWNER#u1#OPEN#STATUS#open',
    );
    // Logs, risks, assessments and projects have no (owner, X) rows: a FilterExpression on the viewer's own rows.
    expect(workListTarget('log', 'acc-1', own, { customerId: 'c1' }, { archived: false }).matching).toEqual({
      name: 'customerId',
      value: 'c1',
    });
    expect(workListTarget('risk', 'acc-1', own, { ownerId: 'u2' }, { archived: false }).containing).toEqual({
      name: 'ownerIds',
      value: 'u2',
    });
    expect(workListTarget('job', 'acc-1', { kind: 'all' }, { ownerId: 'u2' }, { archived: false }).containing).toBe(
      undefined,
    );
  });

  it("holds an open job or incident both own once in either owner's partition by the other, within its department too, and a confidential one nowhere", () => {
    const hits = (i: Item, scope: VisibilityScope, filters: ListFilters, status?: string) => {
      const target = workListTarget(i.type, 'acc-1', scope, filters, {
        archived: false,
        ...(status ? { status } : {}),
      });
      return placements(i).filter((p) => p.at === `${target.index} ${target.partition.value}`).length;
    };
    for (const type of ['job', 'incident'] as const) {
      for (const departmentId of [undefined, 'd1']) {
        const i: Item = {
          type,
          id: 'item-1',
          description: '',
          ownerIds: ['u1', 'u2', 'u3'],
          status: 's1',
          archived: false,
          version: 1,
          sortAt: '2026-12-01T09:00:00Z',
          ...(departmentId ? { departmentId } : {}),
        };
        const secret: Item = { ...i, privacyStatusId: 'p1' };
        for (const [viewer, other] of [
          ['u1', 'u2'],
          ['u3', 'u1'],
        ] as const) {
          const scope = { kind: 'openOwnedBy', ownerId: viewer } as const;
          for (const status of [undefined, 's1']) {
            expect(hits(i, scope, { ownerId: other }, status)).toBe(1);
            expect(hits(i, scope, { ownerId: other, departmentId: 'd1' }, status)).toBe(departmentId ? 1 : 0);
            expect(hits(i, scope, { ownerId: other, departmentId: 'd2' }, status)).toBe(0);
            expect(hits(secret, scope, { ownerId: other }, status)).toBe(0);
            expect(hits(secret, scope, { ownerId: other, departmentId: 'd1' }, status)).toBe(0);
          }
          expect(hits(i, scope, { ownerId: other }, 's2')).toBe(0);
          expect(hits(i, { kind: 'openOwnedBy', ownerId: 'u4' }, { ownerId: other })).toBe(0);
        }
      }
    }
  });

  it('gives an open job or incident one (owner, X) row per owner and external user, other owner, customer and site, and a confidential one none', () => {
    const job = { ownerIds: ['u1', 'u2', 'u3'], externalUsers: ['x1'], customerId: 'c1', siteId: 's1' };
    const pairs = ownerPairFilters(job);
    // Per owner: 1 external user + 2 co-owners + customer + site.
    expect(pairs).toHaveLength(3 * 5);
    expect(pairs).toContainEqual({ ownerId: 'u2', coOwnerId: 'u3' });
    expect(pairs).not.toContainEqual({ ownerId: 'u2', coOwnerId: 'u2' });
    const sortKeys = pairs.map((filter) => keys.workItemRow('job', 'acc-1', 'j1', filter).sk);
    expect(new Set(sortKeys).size).toBe(sortKeys.length);
    expect(ownerPairFilters({ ...job, privacyStatusId: 'p1' })).toEqual([]);
    expect(ownerPairFilters({ ownerIds: ['u1'] })).toEqual([]);
    // The sync's Query of the item's rows beginning with OWNER skips its owner rows.
    for (const sk of sortKeys) expect(ownerPairRowKey('job', 'acc-1', 'j1', sk)).toBeDefined();
    for (const filter of [{ ownerId: 'u1' }, { ownerId: 'u1', departmentId: 'd1' }]) {
      const { sk } = keys.workItemRow('job', 'acc-1', 'j1', filter);
      expect(ownerPairRowKey('job', 'acc-1', 'j1', sk)).toBeUndefined();
    }
  });

  it('narrows the scopes to one visibility class: confidential ones go for "none", open ones for a privacy status', () => {
    const scopes: VisibilityScope[] = [
      { kind: 'openOwnedBy', ownerId: 'u1' },
      { kind: 'privacyStatus', privacyStatusId: 'p1' },
      { kind: 'privacyStatus', privacyStatusId: 'p2' },
    ];
    expect(narrowScopes(scopes, { kind: 'open' })).toEqual([scopes[0]]);
    expect(narrowScopes(scopes, { kind: 'privacyStatus', privacyStatusId: 'p2' })).toEqual([scopes[2]]);
    expect(narrowScopes(scopes, { kind: 'privacyStatus', privacyStatusId: 'p3' })).toEqual([]);
    expect(narrowScopes([{ kind: 'all' }], { kind: 'privacyStatus', privacyStatusId: 'p3' })).toEqual([
      { kind: 'privacyStatus', privacyStatusId: 'p3' },
    ]);
  });

  it('keeps types, archived items and statuses in partitions apart', () => {
    const types: WorkItemType[] = [...privacyTypes, ...flagTypes];
    const all = types.flatMap((type) =>
      [false, true].flatMap((archived) =>
        [undefined, 's1'].map((status) => {
          const target = keys.workItemList(type, 'acc-1', { filter: {} }, { archived, ...(status ? { status } : {}) });
          return `${target.index} ${target.partition.value}`;
        }),
      ),
    );
    expect(new Set(all).size).toBe(all.length);
    for (const partition of all) expect(partition.split(' ')[1]?.startsWith('ACC#acc-1#')).toBe(true);
  });

  it('never gives jobs, incidents or logs a "confidential" scope, which their layout has no partition for', () => {
    const permissions = storedPermissionsArbitrary({ projectIds: ['p1'], statusIds: privacyStatuses });
    fc.assert(
      fc.property(roleArbitrary, permissions, (role, stored) => {
        const effective = effectivePermissions(role, stored);
        for (const type of privacyTypes) {
          expect(visibilityScopesFor(effective, 'u1', type).map((s) => s.kind)).not.toContain('confidential');
        }
      }),
      { numRuns: 1000 },
    );
    expect(() => workListTarget('job', 'acc-1', { kind: 'confidential' }, {}, { archived: false })).toThrow(
      'no confidential class',
    );
  });

  it('has no partition for the specific-project scopes, which are read directly', () => {
    expect(() => partitionOf({ kind: 'openProjects', projectIds: ['p'] }, {})).toThrow();
    expect(() => partitionOf({ kind: 'confidentialProjects', projectIds: ['p'] }, {})).toThrow();
  });

  it('bounds a date range so that items exactly at either end are inside it, in UTC', () => {
    const target = keys.workItemList(
      'incident',
      'acc-1',
      { filter: {} },
      { archived: false, range: { from: '2026-12-01T08:00:00Z', to: '2026-12-01T09:00:00+01:00' } },
    );
    const sortKey = keys.workItemRowIndexes(
      'incident',
      'acc-1',
      {},
      { id: 'inc-1', sortAt: '2026-12-01T09:00:00+01:00', archived: false, visibility: { kind: 'open' } },
    ).gsi1sk;
    expect(target.sortKeyRange).toMatchObject({ from: '2026-12-01T08:00:00.000Z' });
    expect((sortKey ?? '') >= (target.sortKeyRange?.from ?? '')).toBe(true);
    expect((sortKey ?? '') <= (target.sortKeyRange?.to ?? '')).toBe(true);
  });

  it('refuses an owner, department or item id that could break out of its key segment', () => {
    const options = { archived: false };
    expect(() => workListTarget('log', 'acc-1', { kind: 'openOwnedBy', ownerId: 'x#LOGS' }, {}, options)).toThrow(
      'unsafe identifier',
    );
    expect(() => workListTarget('log', 'acc-1', { kind: 'all' }, { departmentId: 'd#1' }, options)).toThrow(
      'unsafe identifier',
    );
    expect(() => keys.workItem('incident', 'acc-1', 'a#b')).toThrow('unsafe identifier');
  });
});
