import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Action, type Caller, decide, decideFor, type WorkItem } from '../../functions/staff/permissions/access';
import {
  controlModuleRights,
  effectivePermissions,
  jobsModuleRights,
  planningModuleRights,
  type RightsOf,
  resolveModules,
  riskModuleRights,
} from '../../functions/staff/permissions/effective-permissions';
import { normaliseModulePermissions } from '../../functions/staff/permissions/normalise-permissions';
import type { ModulePermissions } from '../../functions/staff/permissions/permission-settings';
import { includedPermissions } from '../../functions/staff/permissions/roles';
import {
  type ListedType,
  type VisibilityScope,
  visibilityScopes,
} from '../../functions/staff/permissions/visibility-scopes';
import {
  type Answer,
  referenceModel,
  roleArbitrary,
  storedPermissionsArbitrary,
} from '../support/permission-reference';

// The reference model (test/support/permission-reference) shares no code with the module, only its types.
type P = ModulePermissions;

// Small pools so that owners, grants and items collide often.
const me = 'u1';
const userIds = ['u1', 'u2', 'u3'];
const projectIds = ['p1', 'p2', 'p3'];
const statusIds = ['s1', 's2', 's3'];

const owners = fc.subarray(userIds);
const storedPermissions = storedPermissionsArbitrary({ projectIds, statusIds });
const role = roleArbitrary;
const privacyStatus = fc.option(fc.constantFrom(...statusIds), { nil: undefined });
const project = fc.record({ id: fc.constantFrom(...projectIds), ownerIds: owners, confidential: fc.boolean() });

const item: fc.Arbitrary<WorkItem> = fc.oneof(
  fc.record({ type: fc.constantFrom('job', 'incident', 'log'), ownerIds: owners, privacyStatusId: privacyStatus }),
  fc.constant({ type: 'jobCategory' as const }),
  project.map((p) => ({ type: 'project' as const, ...p })),
  fc.record({ type: fc.constantFrom('taskGroup', 'task'), project, ownerIds: owners }),
  fc.record({
    type: fc.constant('risk' as const),
    ownerIds: owners,
    confidential: fc.boolean(),
    status: fc.constantFrom('draft', 'open', 'closed'),
  }),
  fc.record({ type: fc.constant('riskAssessment' as const), ownerIds: owners, confidential: fc.boolean() }),
);

/** Every distinct item over the pools (owner sets up to two owners): each generated user meets all of them. */
const ownerSets = [[], ['u1'], ['u2'], ['u1', 'u2']];
const projects = projectIds.flatMap((id) =>
  ownerSets.flatMap((ownerIds) => [false, true].map((confidential) => ({ id, ownerIds, confidential }))),
);
const everyItem: WorkItem[] = [
  ...(['job', 'incident', 'log'] as const).flatMap((type) =>
    ownerSets.flatMap((ownerIds) =>
      [undefined, 's1', 's2'].map((privacyStatusId) => ({ type, ownerIds, privacyStatusId })),
    ),
  ),
  { type: 'jobCategory' },
  ...projects.map((p) => ({ type: 'project' as const, ...p })),
  ...projects.flatMap((project) => (['taskGroup', 'task'] as const).map((type) => ({ type, project }))),
  ...ownerSets.flatMap((ownerIds) =>
    [false, true].flatMap((confidential) => [
      { type: 'riskAssessment' as const, ownerIds, confidential },
      ...['draft', 'open'].map((status) => ({ type: 'risk' as const, ownerIds, confidential, status })),
    ]),
  ),
];

const actions: Action[] = ['see', 'edit', 'changeStatus', 'archive', 'delete', 'create'];
const numRuns = 1000;

type Decider = (action: Action, workItem: WorkItem) => ReturnType<typeof decide>;

/** `decide` itself, recomputing the caller's effective permissions on every call. */
const deciding =
  (caller: Caller): Decider =>
  (action, workItem) =>
    decide(caller, action, workItem);
/** `decideFor` with the effective permissions computed once (as a list route would), for the exhaustive run. */
const decidingOnce = (caller: Caller): Decider => {
  const effective = effectivePermissions(caller.role, caller.permissions);
  return (action, workItem) => decideFor(effective, caller.userId, action, workItem);
};

/** The module whose rights a function deciding on items of the type resolves (a work item kind's `rights`). */
const moduleRightsOf: Record<WorkItem['type'], RightsOf> = {
  job: jobsModuleRights,
  jobCategory: jobsModuleRights,
  incident: controlModuleRights,
  log: controlModuleRights,
  project: planningModuleRights,
  taskGroup: planningModuleRights,
  task: planningModuleRights,
  risk: riskModuleRights,
  riskAssessment: riskModuleRights,
};

/**
 * `decideFor` with only the rights of the item's module resolved (once per module), as the
 * functions of one item type decide.
 */
const decidingByModule = (caller: Caller): Decider => {
  const resolved = new Map<RightsOf, ReturnType<RightsOf>>();
  return (action, workItem) => {
    const rightsOf = moduleRightsOf[workItem.type];
    const rights = resolved.get(rightsOf) ?? rightsOf(caller.role, caller.permissions);
    resolved.set(rightsOf, rights);
    return decideFor(rights, caller.userId, action, workItem);
  };
};

/** Every (action, item) the module answers differently from the reference, described. */
function mismatches(module: Decider, reference: ReturnType<typeof referenceModel>, items: WorkItem[]): string[] {
  const found: string[] = [];
  for (const workItem of items) {
    for (const action of actions) {
      const expected: Answer = reference.answer(action, workItem);
      const decision = module(action, workItem);
      const actual: Answer = decision.allowed ? 'allowed' : decision.status;
      if (actual !== expected) found.push(`${action} ${JSON.stringify(workItem)}: ${actual}, expected ${expected}`);
    }
  }
  return found;
}

/** Whether an item is in a visibility scope, as the sparse index partitions would hold it. */
function inScope(scope: VisibilityScope, workItem: WorkItem): boolean {
  const confidential =
    workItem.type === 'job' || workItem.type === 'incident' || workItem.type === 'log'
      ? workItem.privacyStatusId !== undefined
      : 'confidential' in workItem && workItem.confidential;
  const ownerIds = 'ownerIds' in workItem ? (workItem.ownerIds ?? []) : [];
  const id = workItem.type === 'project' ? workItem.id : undefined;
  switch (scope.kind) {
    case 'all':
      return true;
    case 'open':
      return !confidential;
    case 'openOwnedBy':
      return !confidential && ownerIds.includes(scope.ownerId);
    case 'openProjects':
      return (
        !confidential &&
        id !== undefined &&
        scope.projectIds.includes(id) &&
        !(scope.exceptOwnedBy !== undefined && ownerIds.includes(scope.exceptOwnedBy))
      );
    case 'confidential':
      return confidential;
    case 'privacyStatus':
      return 'privacyStatusId' in workItem && workItem.privacyStatusId === scope.privacyStatusId;
    case 'confidentialProjects':
      return confidential && id !== undefined && scope.projectIds.includes(id);
  }
}

describe('the permission model against an independent reference model', () => {
  it(`answers every action as the reference does, for ${numRuns} generated users with 1–12 items each`, () => {
    fc.assert(
      fc.property(role, storedPermissions, fc.array(item, { minLength: 1, maxLength: 12 }), (r, permissions, items) => {
        const caller: Caller = { role: r, userId: me, permissions };
        const reference = referenceModel(r, me, permissions);
        expect(mismatches(deciding(caller), reference, items)).toEqual([]);
      }),
      { numRuns },
    );
  });

  it(`answers every action on each of the ${everyItem.length} distinct items as the reference does, for ${numRuns} generated users`, () => {
    fc.assert(
      fc.property(role, storedPermissions, (r, permissions) => {
        const caller: Caller = { role: r, userId: me, permissions };
        const reference = referenceModel(r, me, permissions);
        expect(mismatches(decidingOnce(caller), reference, everyItem)).toEqual([]);
      }),
      { numRuns },
    );
  });

  it(`answers every action on each distinct item from the rights of its module alone as the reference does, for ${numRuns} generated users`, () => {
    fc.assert(
      fc.property(role, storedPermissions, (r, permissions) => {
        const caller: Caller = { role: r, userId: me, permissions };
        const reference = referenceModel(r, me, permissions);
        expect(mismatches(decidingByModule(caller), reference, everyItem)).toEqual([]);
        // Each module's rights are exactly what the effective permissions hold for its types, and no other type's.
        const effective = effectivePermissions(r, permissions);
        for (const rightsOf of new Set(Object.values(moduleRightsOf))) {
          const { role: resolvedRole, can } = rightsOf(r, permissions);
          expect(resolvedRole).toBe(r);
          for (const [type, rights] of Object.entries(can)) {
            expect(moduleRightsOf[type as WorkItem['type']]).toBe(rightsOf);
            expect(rights).toEqual(effective.can[type as WorkItem['type']]);
          }
        }
      }),
      { numRuns },
    );
  });

  it('refuses to decide on a type whose rights were not resolved (a bug, never an answer)', () => {
    const rights = jobsModuleRights('account_admin', {});
    expect(() => decideFor(rights, me, 'see', { type: 'incident', ownerIds: [me] })).toThrow(/rights of incident/);
  });

  it('lists, through its visibility scopes, exactly the items the reference lets the user see, each once', () => {
    fc.assert(
      fc.property(role, storedPermissions, (r, permissions) => {
        const caller: Caller = { role: r, userId: me, permissions };
        const reference = referenceModel(r, me, permissions);
        const scopesByType = new Map<string, VisibilityScope[]>();
        const wrong: string[] = [];
        for (const workItem of everyItem) {
          if (workItem.type === 'task' || workItem.type === 'taskGroup') continue;
          const scopes = scopesByType.get(workItem.type) ?? visibilityScopes(caller, workItem.type as ListedType);
          scopesByType.set(workItem.type, scopes);
          const hits = scopes.filter((scope) => inScope(scope, workItem)).length;
          if (hits !== (reference.maySee(workItem) ? 1 : 0)) {
            wrong.push(`${hits} of ${JSON.stringify(scopes)} hold ${JSON.stringify(workItem)}`);
          }
        }
        expect(wrong).toEqual([]);
      }),
      { numRuns },
    );
  });

  it('stores only what changes nothing: normalised permissions resolve like the request and normalise to themselves', () => {
    fc.assert(
      fc.property(role, storedPermissions, (r, requested) => {
        const result = normaliseModulePermissions(r, requested);
        if (!result.ok) {
          // Every refusal names a setting that was sent.
          for (const violation of result.violations) {
            const [module, field] = violation.path.split('.') as [keyof P, string];
            expect((requested[module] as Record<string, unknown> | undefined)?.[field]).toBeDefined();
          }
          return;
        }
        const values = (modules: ReturnType<typeof resolveModules>) =>
          JSON.stringify(
            Object.values(modules).map((m) =>
              Object.values(m).map((s) => (Array.isArray(s.value) ? [...s.value].sort() : s.value)),
            ),
          );
        expect(values(resolveModules(r, result.permissions))).toBe(values(resolveModules(r, requested)));
        expect(normaliseModulePermissions(r, result.permissions)).toEqual(result);
        // Nothing the role includes is stored: a later role change cannot inherit it.
        const included = includedPermissions(r) as Record<string, Record<string, unknown> | undefined>;
        for (const [module, fields] of Object.entries(result.permissions)) {
          for (const field of Object.keys(fields ?? {}))
            expect(included[module]?.[field], `${module}.${field}`).toBeUndefined();
        }
      }),
      { numRuns },
    );
  });
});
