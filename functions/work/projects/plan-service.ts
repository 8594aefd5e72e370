import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { type Action, decideFor } from '../../staff/permissions/access';
import { activeStaffUserIds } from '../../staff/staff-repository';
import { type Actor, actorOf, enforce } from '../shared/work-item-access';
import type {
  CreateTaskBody,
  CreateTaskGroupBody,
  Task,
  TaskGroup,
  UpdateTaskBody,
  UpdateTaskGroupBody,
} from './plan.contract';
import {
  deleteEmptyTaskGroup,
  findTask,
  findTaskGroup,
  insertTask,
  insertTaskGroup,
  listPlanPage,
  removeTask,
  replaceTaskGroup,
  saveTask,
  saveTaskChange,
} from './plan-repository';
import type { Project } from './project.schema';
import { projects } from './project-service';

type PlanType = 'taskGroup' | 'task';

/** Task groups and tasks follow their project: the decision is made on the project, as the model says. */
function decidePlan(actor: Actor, project: Project, type: PlanType, action: Action, ownerId?: string) {
  const projectRef = { id: project.id, ownerIds: project.ownerIds, confidential: project.confidential };
  return decideFor(actor.effective, actor.userId, action, {
    type,
    project: projectRef,
    ...(ownerId !== undefined ? { ownerIds: [ownerId] } : {}),
  });
}

/**
 * The caller, the project and (when `find` is given) one item of its collection: two or three
 * GetItems in parallel. 404 when the project is missing or hidden from the caller.
 */
async function load<T>(
  caller: StaffCaller,
  projectId: string,
  find?: (accountId: string, projectId: string) => Promise<T | undefined>,
) {
  const [actor, project, found] = await Promise.all([
    actorOf(caller),
    projects.store.find(caller.accountId, projectId),
    find ? find(caller.accountId, projectId) : undefined,
  ]);
  if (!project) throw new NotFoundError('No such project');
  enforce(decidePlan(actor, project, 'task', 'see'), 'project');
  return { actor, project, found };
}

function refuseArchivedProject(project: Project): void {
  if (project.archived) {
    throw new ConflictError('The tasks of an archived project cannot change', undefined, 'PROJECT_ARCHIVED');
  }
}

/** 400 unless the owner is an active staff user of the account (one BatchGetItem). */
async function assertOwner(accountId: string, ownerId: string | undefined): Promise<void> {
  if (ownerId === undefined) return;
  const active = await activeStaffUserIds(accountId, [ownerId]);
  if (!active.has(ownerId)) {
    throw new ValidationError('Some fields refer to things that are not valid here', [
      { path: 'body.ownerId', code: 'unknown_owner', message: `no active staff user ${ownerId}` },
    ]);
  }
}

/** The project was deleted between the read and the write. */
const projectGone = () => new NotFoundError('No such project');

const unknownGroup = (groupId: string) =>
  new ValidationError('Some fields refer to things that are not valid here', [
    { path: 'body.groupId', code: 'unknown_task_group', message: `no task group ${groupId} in this project` },
  ]);

/**
 * Adds a task group (Project Admin on a project they see; 404 / 403 CREATE_DENIED otherwise).
 * Requests: two GetItems in parallel (caller, project), then one TransactWriteItems with one Put.
 */
export async function createTaskGroup(
  caller: StaffCaller,
  projectId: string,
  body: CreateTaskGroupBody,
  clock: Clock = systemClock,
): Promise<TaskGroup> {
  const { actor, project } = await load(caller, projectId);
  enforce(decidePlan(actor, project, 'taskGroup', 'create'), 'task group');
  refuseArchivedProject(project);
  const now = clock();
  const group: TaskGroup = {
    id: randomUUID(),
    projectId,
    name: body.name,
    // Without a position the group goes after those created before it.
    position: body.position ?? now.getTime(),
    taskCount: 0,
    version: 1,
    createdBy: actor.userId,
    createdAt: now.toISOString(),
    updatedBy: actor.userId,
    updatedAt: now.toISOString(),
  };
  const refused = await insertTaskGroup(actor.accountId, group);
  if (refused === 'projectGone') throw projectGone();
  if (refused) throw new ConflictError('This task group id exists already');
  return group;
}

/** Renames or moves a task group (Project Admin). GetItems in parallel, then one conditional Put. */
export async function updateTaskGroup(
  caller: StaffCaller,
  projectId: string,
  groupId: string,
  body: UpdateTaskGroupBody,
  clock: Clock = systemClock,
): Promise<TaskGroup> {
  const { actor, project, found } = await load(caller, projectId, (accountId) =>
    findTaskGroup(accountId, projectId, groupId),
  );
  if (!found) throw new NotFoundError('No such task group');
  enforce(decidePlan(actor, project, 'taskGroup', 'edit'), 'task group');
  refuseArchivedProject(project);
  if (body.version !== found.version) {
    throw new ConflictError('This was changed by someone else; reload and try again', { current: found });
  }
  const next: TaskGroup = {
    ...found,
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.position !== undefined ? { position: body.position } : {}),
    version: found.version + 1,
    updatedBy: actor.userId,
    updatedAt: clock().toISOString(),
  };
  // The task count is not rewritten: tasks moving in and out change it with their own writes.
  await replaceTaskGroup(actor.accountId, found, next);
  return next;
}

/** Deletes an empty task group (Project Admin; 409 TASK_GROUP_NOT_EMPTY while it has tasks). */
export async function deleteTaskGroup(caller: StaffCaller, projectId: string, groupId: string): Promise<void> {
  const { actor, project, found } = await load(caller, projectId, (accountId) =>
    findTaskGroup(accountId, projectId, groupId),
  );
  if (!found) throw new NotFoundError('No such task group');
  enforce(decidePlan(actor, project, 'taskGroup', 'delete'), 'task group');
  const notEmpty = () =>
    new ConflictError('Move or delete the tasks of this group first', undefined, 'TASK_GROUP_NOT_EMPTY');
  if (found.taskCount > 0) throw notEmpty();
  if (!(await deleteEmptyTaskGroup(actor.accountId, projectId, groupId))) throw notEmpty();
}

const isoOrAbsent = (value: string | undefined) => (value !== undefined ? new Date(value).toISOString() : undefined);

/**
 * Adds a task to a project the caller may edit (404 / 403 CREATE_DENIED). Requests: GetItems of
 * caller and project in parallel, the owner's BatchGetItem when given, one TransactWriteItems
 * (the task, and the group's task count, which fails for a group not in the project: 400).
 */
export async function createTask(
  caller: StaffCaller,
  projectId: string,
  body: CreateTaskBody,
  clock: Clock = systemClock,
): Promise<Task> {
  const { actor, project } = await load(caller, projectId);
  enforce(decidePlan(actor, project, 'task', 'create'), 'task');
  refuseArchivedProject(project);
  await assertOwner(actor.accountId, body.ownerId);
  const now = clock().toISOString();
  const start = isoOrAbsent(body.start);
  const due = isoOrAbsent(body.due);
  const task: Task = {
    id: randomUUID(),
    projectId,
    ...(body.groupId !== undefined ? { groupId: body.groupId } : {}),
    title: body.title,
    status: body.status ?? 'todo',
    ...(start !== undefined ? { start } : {}),
    ...(due !== undefined ? { due } : {}),
    ...(body.ownerId !== undefined ? { ownerId: body.ownerId } : {}),
    archived: false,
    version: 1,
    createdBy: actor.userId,
    createdAt: now,
    updatedBy: actor.userId,
    updatedAt: now,
  };
  const refused = await insertTask(actor.accountId, task);
  if (refused === 'projectGone') throw projectGone();
  if (refused === 'unknownGroup' && body.groupId) throw unknownGroup(body.groupId);
  if (refused) throw new ConflictError('This task id exists already');
  return task;
}

/** The task (404 when missing or its project is hidden) and what the caller may do to it. */
async function loadTask(caller: StaffCaller, projectId: string, taskId: string) {
  const loaded = await load(caller, projectId, (accountId) => findTask(accountId, projectId, taskId));
  if (!loaded.found) throw new NotFoundError('No such task');
  return { ...loaded, task: loaded.found };
}

/**
 * Changes a task of a project the caller may edit, if `body.version` is current (409 with the
 * current task otherwise); archived tasks do not change (409 TASK_ARCHIVED). Requests: GetItems
 * in parallel, the owner's BatchGetItem when a new owner is given, one TransactWriteItems (with
 * the task counts of the groups it leaves and joins; an unknown group answers 400).
 */
export async function updateTask(
  caller: StaffCaller,
  projectId: string,
  taskId: string,
  body: UpdateTaskBody,
  clock: Clock = systemClock,
): Promise<Task> {
  const { actor, project, task } = await loadTask(caller, projectId, taskId);
  enforce(decidePlan(actor, project, 'task', 'edit', task.ownerId), 'task');
  if (body.status !== undefined && body.status !== task.status) {
    enforce(decidePlan(actor, project, 'task', 'changeStatus', task.ownerId), 'task');
  }
  refuseArchivedProject(project);
  if (task.archived) throw new ConflictError('An archived task cannot be changed', undefined, 'TASK_ARCHIVED');
  if (body.version !== task.version) {
    throw new ConflictError('This was changed by someone else; reload and try again', { current: task });
  }
  const next = { ...task } as Record<string, unknown>;
  const { version: _version, ...fields } = body;
  for (const [field, value] of Object.entries(fields)) {
    if (value === null) delete next[field];
    else if (value !== undefined)
      next[field] = field === 'start' || field === 'due' ? isoOrAbsent(value as string) : value;
  }
  const changed = next as Task;
  if (changed.start && changed.due && changed.start > changed.due) {
    throw new ValidationError('start must not be after due', [
      { path: 'body.due', code: 'invalid_range', message: 'must not be before start' },
    ]);
  }
  if (body.ownerId && body.ownerId !== task.ownerId) await assertOwner(actor.accountId, body.ownerId);
  const result: Task = {
    ...changed,
    version: task.version + 1,
    updatedBy: actor.userId,
    updatedAt: clock().toISOString(),
  };
  if (!(await saveTaskChange(actor.accountId, task, result))) {
    throw result.groupId !== undefined
      ? unknownGroup(result.groupId)
      : new ConflictError('The task was being changed at the same moment; try again');
  }
  return result;
}

/** Archives a task (Project Admin on a project they see); idempotent. */
export async function archiveTask(
  caller: StaffCaller,
  projectId: string,
  taskId: string,
  clock: Clock = systemClock,
): Promise<Task> {
  const { actor, project, task } = await loadTask(caller, projectId, taskId);
  enforce(decidePlan(actor, project, 'task', 'archive', task.ownerId), 'task');
  if (task.archived) return task;
  const next: Task = {
    ...task,
    archived: true,
    version: task.version + 1,
    updatedBy: actor.userId,
    updatedAt: clock().toISOString(),
  };
  await saveTask(actor.accountId, task, next);
  return next;
}

/** Deletes a task (Project Admin), lowering its group's task count in the same transaction. */
export async function deleteTask(caller: StaffCaller, projectId: string, taskId: string): Promise<void> {
  const { actor, project, task } = await loadTask(caller, projectId, taskId);
  enforce(decidePlan(actor, project, 'task', 'delete', task.ownerId), 'task');
  await removeTask(actor.accountId, task);
}

/**
 * One page of a project's task groups (by position) and tasks: GetItems of caller and project in
 * parallel, then one Query of the project's collection ("TASK" prefix: tasks and groups, told apart by `entity`).
 */
export async function listProjectPlan(
  caller: StaffCaller,
  projectId: string,
  query: { limit?: number; cursor?: string },
): Promise<{ taskGroups: TaskGroup[]; tasks: Task[]; cursor?: string }> {
  await load(caller, projectId);
  const page = await listPlanPage(caller.accountId, projectId, {
    limit: query.limit ?? 200,
    ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
  });
  page.taskGroups.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
  return page;
}
