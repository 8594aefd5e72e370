import * as z from 'zod/mini';
import { type PrimaryKey, projectPlan, projectTask, projectTaskGroup } from '#shared/data/keys';
import {
  counterChange,
  deleteItem,
  deleteWhen,
  getItem,
  parseItem,
  presentAnd,
  putNew,
  putVersioned,
  putWhen,
  queryPage,
  type Step,
  staleVersionError,
  transact,
  tryTransact,
} from '#shared/data/table';
import { type Task, type TaskGroup, taskGroupSchema, taskSchema } from './plan.contract';
import { planCountChange } from './project-repository';

/** The steps that count a task out of group `from` and into group `to` (either may be absent). */
function groupCounts(accountId: string, projectId: string, from?: string, to?: string): Step[] {
  if (from === to) return [];
  const count = (groupId: string, delta: 1 | -1): Step => ({
    name: 'groupCount',
    write: counterChange(projectTaskGroup(accountId, projectId, groupId), 'taskCount', delta),
  });
  return [...(to !== undefined ? [count(to, 1)] : []), ...(from !== undefined ? [count(from, -1)] : [])];
}

/** The stored item: its key, its `entity` (a plan Query tells groups and tasks apart by it) and its fields. */
const stored = (entity: string, key: PrimaryKey, item: object) => ({ ...key, entity, ...item });

const groupKey = (accountId: string, group: Pick<TaskGroup, 'projectId' | 'id'>) =>
  projectTaskGroup(accountId, group.projectId, group.id);
const taskKey = (accountId: string, task: Pick<Task, 'projectId' | 'id'>) =>
  projectTask(accountId, task.projectId, task.id);

/** One GetItem: a task group of the project, or undefined. */
export function findTaskGroup(accountId: string, projectId: string, groupId: string): Promise<TaskGroup | undefined> {
  return getItem(projectTaskGroup(accountId, projectId, groupId), taskGroupSchema);
}

/** One GetItem: a task of the project, or undefined. */
export function findTask(accountId: string, projectId: string, taskId: string): Promise<Task | undefined> {
  return getItem(projectTask(accountId, projectId, taskId), taskSchema);
}

/**
 * One TransactWriteItems: a new task group, counted into its project's plan. Answers why it was
 * refused: the project was deleted meanwhile, or the id is taken.
 */
export async function insertTaskGroup(
  accountId: string,
  group: TaskGroup,
): Promise<'projectGone' | 'idTaken' | undefined> {
  const failed = await tryTransact([
    { name: 'taskGroup', write: putNew(stored('TaskGroup', groupKey(accountId, group), group)) },
    ...planCountChange(accountId, group.projectId, 1),
  ]);
  if (!failed) return undefined;
  return failed.has('project') ? 'projectGone' : 'idTaken';
}

/**
 * One TransactWriteItems: the group's next version while the stored one is still `previous`, its
 * version and its task count (tasks moving in and out change the count with their own writes, and
 * a Put made while one moved would undo it); 409 with the current group, or 404.
 */
export async function replaceTaskGroup(accountId: string, previous: TaskGroup, next: TaskGroup): Promise<void> {
  const write = putWhen(stored('TaskGroup', groupKey(accountId, next), { ...next, taskCount: previous.taskCount }), {
    expression: 'attribute_exists(#version) AND #version = :expected AND #count = :count',
    names: { '#version': 'version', '#count': 'taskCount' },
    values: { ':expected': previous.version, ':count': previous.taskCount },
  });
  await transact([{ name: 'taskGroup', write }], (failed) =>
    staleVersionError(taskGroupSchema, failed.get('taskGroup')),
  );
}

/**
 * One TransactWriteItems: deletes a task group while it exists and counts no task, counting it out
 * of its project's plan. Answers false when it was refused (a task moved in meanwhile).
 */
export async function deleteEmptyTaskGroup(accountId: string, projectId: string, groupId: string): Promise<boolean> {
  const failed = await tryTransact([
    {
      name: 'taskGroup',
      write: deleteWhen(
        projectTaskGroup(accountId, projectId, groupId),
        presentAnd({ expression: '#count = :zero', names: { '#count': 'taskCount' }, values: { ':zero': 0 } }),
      ),
    },
    ...planCountChange(accountId, projectId, -1),
  ]);
  return failed === undefined;
}

/**
 * One TransactWriteItems: a new task, counted into its group (which must exist in the project) and
 * its project's plan. Answers why it was refused: the project was deleted meanwhile, the group is
 * not the project's, or the id is taken.
 */
export async function insertTask(
  accountId: string,
  task: Task,
): Promise<'projectGone' | 'unknownGroup' | 'idTaken' | undefined> {
  const failed = await tryTransact([
    { name: 'task', write: putNew(stored('Task', taskKey(accountId, task), task)) },
    ...groupCounts(accountId, task.projectId, undefined, task.groupId),
    ...planCountChange(accountId, task.projectId, 1),
  ]);
  if (!failed) return undefined;
  if (failed.has('project')) return 'projectGone';
  return failed.has('groupCount') ? 'unknownGroup' : 'idTaken';
}

/**
 * One TransactWriteItems: the task's next version while the stored one is still `previous`'s, with
 * the task counts of the groups it leaves and joins. A stale version answers 409 with the current
 * task (404 when gone); any other refusal (a group not in the project, a concurrent change)
 * answers false.
 */
export async function saveTaskChange(accountId: string, previous: Task, next: Task): Promise<boolean> {
  const failed = await tryTransact([
    { name: 'task', write: putVersioned(stored('Task', taskKey(accountId, next), next), previous.version) },
    ...groupCounts(accountId, next.projectId, previous.groupId, next.groupId),
  ]);
  if (failed?.has('task')) throw staleVersionError(taskSchema, failed.get('task'));
  return failed === undefined;
}

/**
 * One TransactWriteItems: the task's next version (e.g. archived) while the stored one is still
 * `previous`'s; 409 with the current task, or 404.
 */
export async function saveTask(accountId: string, previous: Task, next: Task): Promise<void> {
  await transact(
    [{ name: 'task', write: putVersioned(stored('Task', taskKey(accountId, next), next), previous.version) }],
    (failed) => staleVersionError(taskSchema, failed.get('task')),
  );
}

/**
 * One TransactWriteItems: deletes the task while it is still at its version, counting it out of
 * its group and its project's plan; 409 with the current task, or 404.
 */
export async function removeTask(accountId: string, task: Task): Promise<void> {
  await transact(
    [
      { name: 'task', write: deleteItem(taskKey(accountId, task), task.version) },
      ...groupCounts(accountId, task.projectId, task.groupId, undefined),
      ...planCountChange(accountId, task.projectId, -1),
    ],
    (failed) => staleVersionError(taskSchema, failed.get('task')),
  );
}

// Any row, its fields kept (a loose object rather than a record: zod's record type would add 2.4 kB to
// every project plan function's bundle for the same answer).
const planRow = z.looseObject({});

/**
 * One Query of the project's collection ("TASK" prefix: task groups and tasks, told apart by
 * `entity`): a page of its plan, in key order.
 */
export async function listPlanPage(
  accountId: string,
  projectId: string,
  page: { limit: number; cursor?: string },
): Promise<{ taskGroups: TaskGroup[]; tasks: Task[]; cursor?: string }> {
  const found = await queryPage(projectPlan(accountId, projectId), planRow, page);
  const taskGroups: TaskGroup[] = [];
  const tasks: Task[] = [];
  for (const row of found.items) {
    if (row.entity === 'TaskGroup') taskGroups.push(parseItem(taskGroupSchema, row));
    else tasks.push(parseItem(taskSchema, row));
  }
  return { taskGroups, tasks, ...(found.cursor !== undefined ? { cursor: found.cursor } : {}) };
}
