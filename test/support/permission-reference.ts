import fc from 'fast-check';
import type { Action, WorkItem } from '../../functions/staff/permissions/access';
import type { ModulePermissions } from '../../functions/staff/permissions/permission-settings';
import type { StaffRole } from '../../functions/staff/permissions/roles';

/*
 * A reference model of issue 3's rules, written plainly from the seed's sentences (plus the
 * decisions the report lists where the seed is silent). It shares no code with the permission
 * module, only its types, so a test comparing the two (or the API and this) checks one against an
 * independent reading of the rules.
 */

type P = ModulePermissions;
/** A non-confidential scope: every item, or only those the user owns. */
export type Owned = 'all' | 'owned';
/** A permission answer: allowed, or refused as hidden (404) or forbidden (403). */
export type Answer = 'allowed' | 404 | 403;

/**
 * The reference model's answers for one user: `role`, id `me` and stored module permissions `p`
 * (any the schema allows, including settings the role or other settings override).
 */
export function referenceModel(role: StaffRole, me: string, p: P) {
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
    answer(action: Action, item: WorkItem): Answer {
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

/** Mostly on: a switched-off module hides every other setting, so rules would rarely meet. */
const flag = fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 });
const some = <T>(values: readonly T[]) => fc.subarray([...values]);
const allOrOwned = fc.constantFrom<Owned>('all', 'owned');
const optional = { requiredKeys: [] as never[] };

/** Any of the four staff roles. */
export const roleArbitrary = fc.constantFrom<StaffRole>('account_admin', 'user_admin', 'admin', 'general');

/**
 * Any stored permissions the schema allows, including settings the role or other settings
 * override. Grants name projects from `projectIds` and privacy statuses from `statusIds`: keep the
 * pools small so that grants and items collide often.
 */
export function storedPermissionsArbitrary(pools: {
  projectIds: readonly string[];
  statusIds: readonly string[];
}): fc.Arbitrary<P> {
  const projectScope = fc.oneof(allOrOwned, some(pools.projectIds));
  return fc.record(
    {
      planning: fc.record(
        {
          access: flag,
          projectAdmin: fc.boolean(),
          edit: projectScope,
          see: projectScope,
          confidential: fc.oneof(fc.constant('all' as const), some(pools.projectIds)),
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
          confidential: some(pools.statusIds),
        },
        optional,
      ),
      jobs: fc.record(
        { access: flag, edit: allOrOwned, see: allOrOwned, confidential: some(pools.statusIds) },
        optional,
      ),
      sustainability: fc.record({ access: flag }, optional),
    },
    optional,
  );
}
