import * as z from 'zod/mini';
import { component, defineRoute, describedId, documented, idSchema, storableNumber } from '#shared/contract';
import { changesSomething, dateTimeSchema, titleSchema, versionSchema } from '../shared/work-item.contract';

/** A task's progress. */
export const taskStatuses = ['todo', 'in_progress', 'done'] as const;

const bookkeeping = {
  id: z.string(),
  projectId: z.string(),
  version: z.int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
};

export const taskGroupSchema = component(
  'TaskGroup',
  z.object({
    ...bookkeeping,
    name: z.string(),
    /** Groups are shown in ascending position. */
    position: z.number(),
    /** Tasks in the group; a group is deleted only when empty. */
    taskCount: z.int(),
  }),
);
export type TaskGroup = z.infer<typeof taskGroupSchema>;

export const taskSchema = component(
  'Task',
  z.object({
    ...bookkeeping,
    groupId: z.optional(z.string()),
    title: z.string(),
    status: z.enum(taskStatuses),
    start: z.optional(z.string()),
    due: z.optional(z.string()),
    ownerId: z.optional(z.string()),
    archived: z.boolean(),
  }),
);
export type Task = z.infer<typeof taskSchema>;

const nameSchema = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200, 'must be at most 200 characters'));
const positionSchema = documented(storableNumber().check(z.gte(0), z.lte(1e15)), {
  description: 'Where the group is shown (ascending); defaults to after the groups created before it',
});
const ownerIdSchema = describedId('The one owner: an active staff user of the account');

const startBeforeDue = z.refine(
  (body: unknown) => {
    const { start, due } = body as { start?: string | null; due?: string | null };
    return !start || !due || Date.parse(start) <= Date.parse(due);
  },
  { message: 'start must not be after due', path: ['due'] },
);

export const createTaskGroupBody = component(
  'CreateTaskGroup',
  z.strictObject({ name: nameSchema, position: z.optional(positionSchema) }),
);
export type CreateTaskGroupBody = z.infer<typeof createTaskGroupBody>;

export const updateTaskGroupBody = component(
  'UpdateTaskGroup',
  z
    .strictObject({ version: versionSchema, name: z.optional(nameSchema), position: z.optional(positionSchema) })
    .check(changesSomething),
);
export type UpdateTaskGroupBody = z.infer<typeof updateTaskGroupBody>;

export const createTaskBody = component(
  'CreateTask',
  z
    .strictObject({
      title: titleSchema,
      status: documented(z.optional(z.enum(taskStatuses)), { description: 'Defaults to todo' }),
      groupId: z.optional(idSchema),
      start: z.optional(dateTimeSchema),
      due: z.optional(dateTimeSchema),
      ownerId: z.optional(ownerIdSchema),
    })
    .check(startBeforeDue),
);
export type CreateTaskBody = z.infer<typeof createTaskBody>;

export const updateTaskBody = component(
  'UpdateTask',
  z
    .strictObject({
      version: versionSchema,
      title: z.optional(titleSchema),
      status: z.optional(z.enum(taskStatuses)),
      /** null takes the task out of its group (and so for the fields below). */
      groupId: z.optional(z.nullable(idSchema)),
      start: z.optional(z.nullable(dateTimeSchema)),
      due: z.optional(z.nullable(dateTimeSchema)),
      ownerId: z.optional(z.nullable(ownerIdSchema)),
    })
    .check(changesSomething, startBeforeDue),
);
export type UpdateTaskBody = z.infer<typeof updateTaskBody>;

export const projectPlanSchema = component(
  'ProjectPlan',
  z.object({
    taskGroups: z.array(taskGroupSchema),
    tasks: z.array(taskSchema),
    cursor: z.optional(z.string()),
  }),
  { description: "A page of a project's task groups (by position) and tasks" },
);

export const planQuery = z.strictObject({
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500))),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

const projectParams = z.strictObject({ projectId: idSchema });
const groupParams = z.strictObject({ projectId: idSchema, groupId: idSchema });
const taskParams = z.strictObject({ projectId: idSchema, taskId: idSchema });
const tags = ['projects'];

export const listProjectPlan = defineRoute({
  method: 'GET',
  path: '/projects/{projectId}/task-groups',
  auth: 'staff',
  operationId: 'listProjectPlan',
  summary: 'The task groups and tasks of a project the caller may see (404 otherwise), read in one Query per page',
  tags,
  params: projectParams,
  query: planQuery,
  responses: { 200: { description: 'Task groups and tasks', schema: projectPlanSchema } },
});

export const createTaskGroup = defineRoute({
  method: 'POST',
  path: '/projects/{projectId}/task-groups',
  auth: 'staff',
  operationId: 'createTaskGroup',
  summary: 'Add a task group to a project (Project Admin)',
  tags,
  params: projectParams,
  body: createTaskGroupBody,
  responses: { 201: { description: 'The new task group', schema: taskGroupSchema } },
});

export const updateTaskGroup = defineRoute({
  method: 'PATCH',
  path: '/projects/{projectId}/task-groups/{groupId}',
  auth: 'staff',
  operationId: 'updateTaskGroup',
  summary: 'Rename or move a task group (Project Admin); optimistic concurrency on `version`',
  tags,
  params: groupParams,
  body: updateTaskGroupBody,
  responses: { 200: { description: 'The updated task group', schema: taskGroupSchema } },
});

export const deleteTaskGroup = defineRoute({
  method: 'DELETE',
  path: '/projects/{projectId}/task-groups/{groupId}',
  auth: 'staff',
  operationId: 'deleteTaskGroup',
  summary: 'Delete an empty task group (Project Admin; 409 TASK_GROUP_NOT_EMPTY while it has tasks)',
  tags,
  params: groupParams,
  responses: { 204: { description: 'Deleted' } },
});

export const createTask = defineRoute({
  method: 'POST',
  path: '/projects/{projectId}/tasks',
  auth: 'staff',
  operationId: 'createTask',
  summary: 'Add a task to a project the caller may edit',
  tags,
  params: projectParams,
  body: createTaskBody,
  responses: { 201: { description: 'The new task', schema: taskSchema } },
});

export const updateTask = defineRoute({
  method: 'PATCH',
  path: '/projects/{projectId}/tasks/{taskId}',
  auth: 'staff',
  operationId: 'updateTask',
  summary: 'Change a task of a project the caller may edit; optimistic concurrency on `version`',
  tags,
  params: taskParams,
  body: updateTaskBody,
  responses: { 200: { description: 'The updated task', schema: taskSchema } },
});

export const archiveTask = defineRoute({
  method: 'POST',
  path: '/projects/{projectId}/tasks/{taskId}/archive',
  auth: 'staff',
  operationId: 'archiveTask',
  summary: 'Archive a task (Project Admin); idempotent',
  tags,
  params: taskParams,
  responses: { 200: { description: 'The archived task', schema: taskSchema } },
});

export const deleteTask = defineRoute({
  method: 'DELETE',
  path: '/projects/{projectId}/tasks/{taskId}',
  auth: 'staff',
  operationId: 'deleteTask',
  summary: 'Delete a task (Project Admin)',
  tags,
  params: taskParams,
  responses: { 204: { description: 'Deleted' } },
});
