import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Action, type Caller, decide, decideFor, type WorkItem } from '../../functions/staff/permissions/access';
import { effectivePermissions, resolveModules } from '../../functions/staff/permissions/effective-permissions';
import { normaliseModulePermissions } from '../../functions/staff/permissions/normalise-permissions';
import type { ModulePermissions } from '../../functions/staff/permissions/permission-settings';
import { includedPermissions, type StaffRole } from '../../functions/staff/permissions/roles';
import {
  type ListedType,
  type VisibilityScope,
  visibilityScopes,
} from '../../functions/staff/permissions/visibility-scopes';

/*
 * A reference model of issue 3's rules, written plainly from the seed's sentences (plus the
 * decisions the report lists where the seed is silent). It shares no code with the module: only
 * its types. Every generated user, stored permissions and item must get the same answer from both.
 */

type P = ModulePermissions;
type Owned = 'all' | 'owned';

function referenceModel(role: StaffRole, me: string, p: P) {
  // "Account Admin ... view and edit access to all information (including all confidential items)."
  const accountAdmin = role === 'account_admin';
  // "User Admin" and "Admin": "all modules with view and edit access to all information".
  const adminRole = role !== 'general';
  const owns = (ownerIds: readonly string[]) => ownerIds.includes(me);

  // Jobs: "By default, edit access to All Departments"; "If a user can edit all jobs, they will have access to see all".
  const jobsAccess = adminRole || p.jobs?.access === true;
  const jobsEdit: Owned = adminRole ? 'all' : (p.jobs?.edit ?? 'all');
  const jobsSee: Owned = jobsEdit === 'all' ? 'all' : (p.jobs?.see ?? 'all');
  const jobStatuses = p.jobs?.confidential ?? [];

  // Control: "Can access Control Module", then "Can access Incidents & Logs".
  const controlAccess = adminRole || (p.control?.access === true && p.control?.incidentsAndLogs === true);
  const controlAdmin = adminRole || (controlAccess && p.control?.controlAdmin === true);
  const controlEdit: Owned = adminRole ? 'all' : (p.control?.edit ?? 'all');
  const controlSee: Owned = controlEdit === 'all' ? 'all' : (p.control?.see ?? 'all');
  const controlStatuses = p.control?.confidential ?? [];

  // Planning: "By default, Edit access to All Projects"; Project Admins "can access all non-confidential projects".
  const planningAccess = adminRole || p.planning?.access === true;
  const projectAdmin = adminRole || (planningAccess && p.planning?.projectAdmin === true);
  const planningEdit = adminRole ? 'all' : (p.planning?.edit ?? 'all');
  const planningSee = planningEdit === 'all' ? 'all' : (p.planning?.see ?? 'all');
  const confidentialProjects = p.planning?.confidential ?? [];

  // Risk: "Edit access to Just owned items" and "See access to All Departments" by default.
  const riskAccess = adminRole || p.risk?.access === true;
  const riskManager = accountAdmin || (riskAccess && p.risk?.riskManager === true);
  const riskEdit: Owned = adminRole ? 'all' : (p.risk?.edit ?? 'owned');
  const riskSee: Owned = riskEdit === 'all' ? 'all' : (p.risk?.see ?? 'all');

  // Risk Assessments: an independent flag; same defaults as risks (the seed gives none).
  const assessmentAccess = adminRole || p.riskAssessments?.access === true;
  const assessmentEdit: Owned = adminRole ? 'all' : (p.riskAssessments?.edit ?? 'owned');
  const assessmentSee: Owned = assessmentEdit === 'all' ? 'all' : (p.riskAssessments?.see ?? 'all');
  const confidentialAssessments = accountAdmin || (assessmentAccess && p.riskAssessments?.confidential === true);

  const inScope = (scope: 'all' | 'owned' | string[], id: string, ownerIds: readonly string[]) =>
    scope === 'all' || (scope === 'owned' && owns(ownerIds)) || (Array.isArray(scope) && scope.includes(id));

  type Project = { id: string; ownerIds: readonly string[]; confidential: boolean };
  // "Access to confidential projects is edit access; there is no option for view-only access."
  const confidentialProjectGranted = (project: Project) =>
    accountAdmin || confidentialProjects === 'all' || confidentialProjects.includes(project.id);
  const mayEditProject = (project: Project) => {
    if (!planningAccess) return false;
    if (project.confidential) return confidentialProjectGranted(project);
    return projectAdmin || inScope(planningEdit, project.id, project.ownerIds);
  };
  const maySeeProject = (project: Project) => {
    if (!planningAccess) return false;
    if (project.confidential) return confidentialProjectGranted(project);
    return (
      projectAdmin ||
      inScope(planningSee, project.id, project.ownerIds) ||
      inScope(planningEdit, project.id, project.ownerIds)
    );
  };

  /** Whether the item is visible; a confidential item only to those who may edit it. */
  function maySee(item: WorkItem): boolean {
    switch (item.type) {
      case 'job':
        if (!jobsAccess) return false;
        if (item.privacyStatusId !== undefined) return accountAdmin || jobStatuses.includes(item.privacyStatusId);
        return jobsSee === 'all' || jobsEdit === 'all' || owns(item.ownerIds);
      case 'jobCategory':
        return jobsAccess;
      case 'incident':
      case 'log':
        if (!controlAccess) return false;
        if (item.privacyStatusId !== undefined) return accountAdmin || controlStatuses.includes(item.privacyStatusId);
        return controlSee === 'all' || owns(item.ownerIds);
      case 'project':
        return maySeeProject(item);
      case 'taskGroup':
      case 'task':
        return maySeeProject(item.project);
      case 'risk':
        if (!riskAccess) return false;
        if (item.confidential) return riskManager;
        return riskManager || riskSee === 'all' || owns(item.ownerIds);
      case 'riskAssessment':
        if (!assessmentAccess) return false;
        if (item.confidential) return confidentialAssessments;
        return assessmentSee === 'all' || owns(item.ownerIds);
    }
  }

  function mayEdit(item: WorkItem): boolean {
    switch (item.type) {
      case 'job':
        if (!jobsAccess) return false;
        if (item.privacyStatusId !== undefined) return accountAdmin || jobStatuses.includes(item.privacyStatusId);
        return jobsEdit === 'all' || owns(item.ownerIds);
      case 'jobCategory':
        return adminRole;
      case 'incident':
      case 'log':
        if (!controlAccess) return false;
        if (item.privacyStatusId !== undefined) return accountAdmin || controlStatuses.includes(item.privacyStatusId);
        return controlEdit === 'all' || owns(item.ownerIds);
      case 'project':
      case 'task':
        return mayEditProject(item.type === 'project' ? item : item.project);
      case 'taskGroup':
        // "add, edit, and delete task groups" is the Project Admin's.
        return projectAdmin && maySeeProject(item.project);
      case 'risk':
        if (!riskAccess) return false;
        if (item.confidential) return riskManager;
        return riskManager || riskEdit === 'all' || owns(item.ownerIds);
      case 'riskAssessment':
        if (!assessmentAccess) return false;
        if (item.confidential) return confidentialAssessments;
        return assessmentEdit === 'all' || owns(item.ownerIds);
    }
  }

  /** Archive and delete: the managers the seed names, and the admin roles. */
  function mayRemove(item: WorkItem): boolean {
    switch (item.type) {
      case 'job':
      case 'project':
      case 'jobCategory':
        return adminRole && mayEdit(item);
      case 'incident':
      case 'log':
        return controlAdmin && mayEdit(item);
      case 'taskGroup':
      case 'task':
        return projectAdmin && maySeeProject(item.project);
      case 'risk':
        return (adminRole || riskManager) && mayEdit(item);
      case 'riskAssessment':
        return (adminRole || riskManager) && mayEdit(item);
    }
  }

  function mayChangeStatus(item: WorkItem): boolean {
    // "Risk Managers are the only users (other than Admin users) who can change the status of risks."
    if (item.type === 'risk') return (adminRole || riskManager) && mayEdit(item);
    return mayEdit(item);
  }

  function mayCreate(item: WorkItem): boolean {
    switch (item.type) {
      case 'job':
        return jobsAccess && (item.privacyStatusId === undefined || maySee(item));
      case 'jobCategory':
        return adminRole;
      case 'incident':
      case 'log':
        return controlAccess && (item.privacyStatusId === undefined || maySee(item));
      case 'project':
        return planningAccess && projectAdmin && (!item.confidential || confidentialProjectGranted(item));
      case 'taskGroup':
        return projectAdmin && maySeeProject(item.project);
      case 'task':
        return mayEditProject(item.project);
      case 'risk':
        // "General users who are not Risk Managers can only create risks as a draft."
        return (
          riskAccess && (!item.confidential || riskManager) && (adminRole || riskManager || item.status === 'draft')
        );
      case 'riskAssessment':
        return assessmentAccess && (!item.confidential || confidentialAssessments);
    }
  }

  return {
    maySee,
    /** Allowed, or refused as hidden (404) or forbidden (403). */
    answer(action: Action, item: WorkItem): 'allowed' | 404 | 403 {
      if (action === 'create') {
        if ((item.type === 'task' || item.type === 'taskGroup') && !maySeeProject(item.project)) return 404;
        return mayCreate(item) ? 'allowed' : 403;
      }
      if (!maySee(item)) return 404;
      const ok = {
        see: true,
        edit: mayEdit(item),
        changeStatus: mayChangeStatus(item),
        archive: mayRemove(item),
        delete: mayRemove(item),
      }[action];
      return ok ? 'allowed' : 403;
    },
  };
}

// Small pools so that owners, grants and items collide often.
const me = 'u1';
const userIds = ['u1', 'u2', 'u3'];
const projectIds = ['p1', 'p2', 'p3'];
const statusIds = ['s1', 's2', 's3'];

const owners = fc.subarray(userIds);
/** Mostly on: a switched-off module hides every other setting, so rules would rarely meet. */
const flag = fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 });
const some = <T>(values: T[]) => fc.subarray(values);
const allOrOwned = fc.constantFrom<Owned>('all', 'owned');
const projectScope = fc.oneof(allOrOwned, some(projectIds));
const optional = { requiredKeys: [] as never[] };

/** Any stored permissions the schema allows, including settings the role or other settings override. */
const storedPermissions: fc.Arbitrary<P> = fc.record(
  {
    planning: fc.record(
      {
        access: flag,
        projectAdmin: fc.boolean(),
        edit: projectScope,
        see: projectScope,
        confidential: fc.oneof(fc.constant('all' as const), some(projectIds)),
      },
      optional,
    ),
    risk: fc.record({ access: flag, riskManager: fc.boolean(), edit: allOrOwned, see: allOrOwned }, optional),
    riskAssessments: fc.record(
      { access: flag, edit: allOrOwned, see: allOrOwned, confidential: fc.boolean() },
      optional,
    ),
    control: fc.record(
      {
        access: flag,
        incidentsAndLogs: flag,
        controlAdmin: fc.boolean(),
        edit: allOrOwned,
        see: allOrOwned,
        confidential: some(statusIds),
      },
      optional,
    ),
    jobs: fc.record({ access: flag, edit: allOrOwned, see: allOrOwned, confidential: some(statusIds) }, optional),
    sustainability: fc.record({ access: flag }, optional),
  },
  optional,
);

const role = fc.constantFrom<StaffRole>('account_admin', 'user_admin', 'admin', 'general');
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

type Answer = 'allowed' | 404 | 403;
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
