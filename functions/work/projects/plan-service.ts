import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { type Clock, systemClock } from '#shared/clock';
import { keys, type PrimaryKey } from '#shared/data/keys';
import {
  counterChange,
  deleteItem,
  getItem,
  parseItem,
  putNew,
  putVersioned,
  queryPage,
  staleVersionError,
  type TransactItem,
  transactWrite,
} from '#shared/data/table';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { type Action, decideFor } from '../../staff/permissions/access';
import { activeStaffUserIds } from '../../staff/staff-repository';
import { type Actor, actorOf, enforce } from '../shared/work-item-access';
import {
  type CreateTaskBody,
  type CreateTaskGroupBody,
  type Task,
  type TaskGroup,
  taskGroupSchema,
  taskSchema,
  type UpdateTaskBody,
  type UpdateTaskGroupBody,
} from './plan.contract';
import type { Project } from './project.contract';
import { planCountChange, projects } from './project-service';

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
 * The caller, the project and (when `key` is given) one item of its collection: two or three
 * GetItems in parallel. 404 when the project is missing or hidden from the caller.
 */
async function load<T>(caller: StaffCaller, projectId: string, item?: { key: PrimaryKey; schema: z.ZodMiniType<T> }) {
  const [actor, project, found] = await Promise.all([
    actorOf(caller),
    projects.store.find(caller.accountId, projectId),
    item ? getItem(item.key, item.schema) : undefined,
  ]);
  if (!project) throw new NotFoundError('No such project');
  enforce(decidePlan(actor, project, 'task', 'see'), 'project');
  return { actor, project, found: found as T | undefined };
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

/** The stored item: its key, its `entity` (a plan Query tells groups and tasks apart by it) and its fields. */
const stored = (_accountId: string, entity: string, key: PrimaryKey, item: object) => ({
  ...key,
  entity,
  ...item,
});

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
  const key = keys.projectTaskGroup(actor.accountId, projectId, group.id);
  const writes = [
    putNew(stored(actor.accountId, 'TaskGroup', key, group)),
    ...planCountChange(actor.accountId, projectId, 1),
  ];
  await transactWrite(writes, (failed) =>
    failed.some((f) => f.index === writes.length - 1)
      ? projectGone()
      : new ConflictError('This task group id exists already'),
  );
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
  const key = keys.projectTaskGroup(caller.accountId, projectId, groupId);
  const { actor, project, found } = await load(caller, projectId, { key, schema: taskGroupSchema });
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
  const { taskCount: _taskCount, ...changed } = next;
  await transactWrite([putGroupKeepingCount(stored(actor.accountId, 'TaskGroup', key, changed), found)], (failed) =>
    staleVersionError(taskGroupSchema, failed[0]?.item),
  );
  return next;
}

/** A conditional Update of a group's own fields that leaves its task count alone. */
function putGroupKeepingCount(item: Record<string, unknown>, previous: TaskGroup): TransactItem {
  const put = putVersioned({ ...item, taskCount: previous.taskCount } as never, previous.version);
  // The count must still be what was read, or a task moved in meanwhile and the Put would undo it.
  const p = put.Put as NonNullable<TransactItem['Put']>;
  p.ConditionExpression = `${p.ConditionExpression} AND #count = :count`;
  p.ExpressionAttributeNames = { ...p.ExpressionAttributeNames, '#count': 'taskCount' };
  p.ExpressionAttributeValues = { ...p.ExpressionAttributeValues, ':count': previous.taskCount };
  return put;
}

/** Deletes an empty task group (Project Admin; 409 TASK_GROUP_NOT_EMPTY while it has tasks). */
export async function deleteTaskGroup(caller: StaffCaller, projectId: string, groupId: string): Promise<void> {
  const key = keys.projectTaskGroup(caller.accountId, projectId, groupId);
  const { actor, project, found } = await load(caller, projectId, { key, schema: taskGroupSchema });
  if (!found) throw new NotFoundError('No such task group');
  enforce(decidePlan(actor, project, 'taskGroup', 'delete'), 'task group');
  const notEmpty = () =>
    new ConflictError('Move or delete the tasks of this group first', undefined, 'TASK_GROUP_NOT_EMPTY');
  if (found.taskCount > 0) throw notEmpty();
  const del = deleteItem(key) as { Delete: NonNullable<TransactItem['Delete']> };
  del.Delete.ConditionExpression = 'attribute_exists(pk) AND #count = :zero';
  del.Delete.ExpressionAttributeNames = { '#count': 'taskCount' };
  del.Delete.ExpressionAttributeValues = { ':zero': 0 };
  await transactWrite([del, ...planCountChange(actor.accountId, projectId, -1)], () => notEmpty());
}

/** The task count writes of moving a task from group `from` to group `to` (either may be absent). */
function groupCounts(accountId: string, projectId: string, from?: string, to?: string): TransactItem[] {
  if (from === to) return [];
  return [
    ...(to !== undefined ? [counterChange(keys.projectTaskGroup(accountId, projectId, to), 'taskCount', 1)] : []),
    ...(from !== undefined ? [counterChange(keys.projectTaskGroup(accountId, projectId, from), 'taskCount', -1)] : []),
  ];
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
  const key = keys.projectTask(actor.accountId, projectId, task.id);
  const writes = [
    putNew(stored(actor.accountId, 'Task', key, task)),
    ...groupCounts(actor.accountId, projectId, undefined, task.groupId),
    ...planCountChange(actor.accountId, projectId, 1),
  ];
  await transactWrite(writes, (failed) =>
    failed.some((f) => f.index === writes.length - 1)
      ? projectGone()
      : failed.some((f) => f.index === 1) && body.groupId
        ? unknownGroup(body.groupId)
        : new ConflictError('This task id exists already'),
  );
  return task;
}

/** The task (404 when missing or its project is hidden) and what the caller may do to it. */
async function loadTask(caller: StaffCaller, projectId: string, taskId: string) {
  const key = keys.projectTask(caller.accountId, projectId, taskId);
  const loaded = await load(caller, projectId, { key, schema: taskSchema });
  if (!loaded.found) throw new NotFoundError('No such task');
  return { ...loaded, task: loaded.found, key };
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
  const { actor, project, task, key } = await loadTask(caller, projectId, taskId);
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
  await transactWrite(
    [
      putVersioned(stored(actor.accountId, 'Task', key, result), task.version),
      ...groupCounts(actor.accountId, projectId, task.groupId, result.groupId),
    ],
    (failed) => {
      if (failed.some((f) => f.index === 0))
        return staleVersionError(taskSchema, failed.find((f) => f.index === 0)?.item);
      return result.groupId !== undefined
        ? unknownGroup(result.groupId)
        : new ConflictError('The task was being changed at the same moment; try again');
    },
  );
  return result;
}

/** Archives a task (Project Admin on a project they see); idempotent. */
export async function archiveTask(
  caller: StaffCaller,
  projectId: string,
  taskId: string,
  clock: Clock = systemClock,
): Promise<Task> {
  const { actor, project, task, key } = await loadTask(caller, projectId, taskId);
  enforce(decidePlan(actor, project, 'task', 'archive', task.ownerId), 'task');
  if (task.archived) return task;
  const next: Task = {
    ...task,
    archived: true,
    version: task.version + 1,
    updatedBy: actor.userId,
    updatedAt: clock().toISOString(),
  };
  await transactWrite([putVersioned(stored(actor.accountId, 'Task', key, next), task.version)], (failed) =>
    staleVersionError(taskSchema, failed[0]?.item),
  );
  return next;
}

/** Deletes a task (Project Admin), lowering its group's task count in the same transaction. */
export async function deleteTask(caller: StaffCaller, projectId: string, taskId: string): Promise<void> {
  const { actor, project, task, key } = await loadTask(caller, projectId, taskId);
  enforce(decidePlan(actor, project, 'task', 'delete', task.ownerId), 'task');
  await transactWrite(
    [
      deleteItem(key, task.version),
      ...groupCounts(actor.accountId, projectId, task.groupId, undefined),
      ...planCountChange(actor.accountId, projectId, -1),
    ],
    (failed) => staleVersionError(taskSchema, failed.find((f) => f.index === 0)?.item),
  );
}

const planRow = z.record(z.string(), z.unknown());

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
  const page = await queryPage(keys.projectPlan(caller.accountId, projectId), planRow, {
    limit: query.limit ?? 200,
    ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
  });
  const taskGroups: TaskGroup[] = [];
  const tasks: Task[] = [];
  for (const row of page.items) {
    if (row.entity === 'TaskGroup') taskGroups.push(parseItem(taskGroupSchema, row));
    else tasks.push(parseItem(taskSchema, row));
  }
  taskGroups.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
  return { taskGroups, tasks, ...(page.cursor !== undefined ? { cursor: page.cursor } : {}) };
}
