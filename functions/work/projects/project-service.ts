import type { Clock } from '#shared/clock';
import { ConflictError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { planningModuleRights } from '../../staff/permissions/effective-permissions';
import { visibilityScopesFor } from '../../staff/permissions/visibility-scopes';
import { actorOf } from '../shared/work-item-access';
import { type DirectScopeReader, listRequestOf, scopedListPage } from '../shared/work-item-list';
import {
  archiveWorkItem,
  createWorkItem,
  deleteWorkItem,
  getWorkItem,
  updateWorkItem,
  type WorkItemKind,
} from '../shared/work-item-service';
import { type DeleteGuard, queryWorkItemPartition, workItemStore } from '../shared/work-item-store';
import type { CreateProjectBody, ListProjectsQuery, UpdateProjectBody } from './project.contract';
import { type Project, type ProjectSummary, projectSchema, projectSummarySchema } from './project.schema';
import { emptyPlanStep, findProjectSummaries } from './project-repository';

const definition = {
  type: 'project',
  entity: 'Project',
  label: 'project',
  schema: projectSchema,
  summarySchema: projectSummarySchema,
  sortAt: (project: Project) => project.createdAt,
} as const;

/** Projects: stored and listed by the shared work item machinery, by date created. */
export const projects: WorkItemKind<Project, ProjectSummary> = {
  ...definition,
  store: workItemStore<Project, ProjectSummary>(definition),
  dateFields: [],
  rangeFields: { from: 'createdFrom', to: 'createdTo' },
  rights: planningModuleRights,
  deleteGuard: planMustBeEmpty,
};

/**
 * A project is deleted only once its task groups and tasks are gone: its plan count must be 0 in
 * the delete's own transaction (task and group writes keep the count in theirs), so a task added
 * at the same moment either stops the delete or is refused because the project is gone.
 */
function planMustBeEmpty(accountId: string, project: Project): DeleteGuard {
  return {
    writes: [emptyPlanStep(accountId, project.id)],
    refused: () =>
      new ConflictError("Delete the project's task groups and tasks first", undefined, 'PROJECT_NOT_EMPTY'),
  };
}

/** Creates a project (see `createWorkItem`): Project Admins only; confidential needs the confidential grant of all. */
export function createProject(caller: StaffCaller, body: CreateProjectBody, clock?: Clock): Promise<Project> {
  return createWorkItem(
    projects,
    caller,
    {
      title: body.title,
      description: body.description ?? '',
      status: body.status ?? 'active',
      ownerIds: body.ownerIds,
      ...(body.departmentId !== undefined ? { departmentId: body.departmentId } : {}),
      confidential: body.confidential ?? false,
    },
    undefined,
    clock,
  );
}

/** A project the caller may see (404 otherwise). */
export const getProject = (caller: StaffCaller, id: string) => getWorkItem(projects, caller, id);

/** Changes a project the caller may edit, before and after the change (see `updateWorkItem`). */
export const updateProject = (caller: StaffCaller, id: string, body: UpdateProjectBody, clock?: Clock) =>
  updateWorkItem(projects, caller, id, body, () => undefined, clock);

/** Archives a project (admin roles). */
export const archiveProject = (caller: StaffCaller, id: string, clock?: Clock) =>
  archiveWorkItem(projects, caller, id, clock);

/** Restores an archived project (whoever may archive it): it returns to the current lists. */
export const restoreProject = (caller: StaffCaller, id: string, clock?: Clock) =>
  archiveWorkItem(projects, caller, id, clock, false);

/** Deletes a project and its list rows (admin roles). */
export const deleteProject = (caller: StaffCaller, id: string) => deleteWorkItem(projects, caller, id);

const byCreation = (a: ProjectSummary, b: ProjectSummary) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * The specific projects granted on the user (≤ 50 per list): one BatchGetItem of the listed ids,
 * keeping those of the scope's class, not owned by `exceptOwnedBy` (an openOwnedBy scope has
 * them), and matching the archived state and the filters. Ids of deleted projects find nothing.
 */
function specificProjects(accountId: string): DirectScopeReader<ProjectSummary> {
  return (scope, options, filters) => {
    if (scope.kind !== 'openProjects' && scope.kind !== 'confidentialProjects') return undefined;
    const confidential = scope.kind === 'confidentialProjects';
    const exceptOwnedBy = scope.kind === 'openProjects' ? scope.exceptOwnedBy : undefined;
    const ids = [...new Set(scope.projectIds)];
    if (ids.length === 0) return Promise.resolve({ items: [] });
    const { from, to } = options.range ?? {};
    return findProjectSummaries(accountId, ids).then((found) => ({
      items: found
        .filter(
          (p) =>
            p.confidential === confidential &&
            p.archived === options.archived &&
            (options.status === undefined || p.status === options.status) &&
            (filters.ownerId === undefined || p.ownerIds.includes(filters.ownerId)) &&
            (filters.departmentId === undefined || p.departmentId === filters.departmentId) &&
            (from === undefined || Date.parse(p.createdAt) >= Date.parse(from)) &&
            (to === undefined || Date.parse(p.createdAt) <= Date.parse(to)) &&
            (exceptOwnedBy === undefined || !p.ownerIds.includes(exceptOwnedBy)),
        )
        .sort(byCreation),
    }));
  };
}

/**
 * One page of the projects the caller may see: the caller's GetItem, then one request for the
 * visibility scope the cursor is in: a Query of its partition, or for specific projects one
 * BatchGetItem returning the whole scope as one page.
 */
export async function listProjects(caller: StaffCaller, query: ListProjectsQuery) {
  const actor = await actorOf(caller);
  return scopedListPage(
    {
      type: 'project',
      accountId: actor.accountId,
      scopes: visibilityScopesFor(actor.effective, actor.userId, 'project'),
      rangeFields: projects.rangeFields,
    },
    listRequestOf(query, projects.rangeFields),
    (target, page) => queryWorkItemPartition(projects, target, page),
    specificProjects(actor.accountId),
  );
}
