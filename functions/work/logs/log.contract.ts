import * as z from 'zod/mini';
import { component, defineRoute, idSchema } from '#shared/contract';
import {
  changesSomething,
  dateTimeSchema,
  descriptionSchema,
  listQueryShape,
  ownerIdsSchema,
  privacyFilterShape,
  recordShape,
  titleSchema,
  versionSchema,
} from '../shared/work-item.contract';

const logSummaryShape = { ...recordShape, title: z.string(), occurredAt: z.string() };

export const logSummarySchema = component('LogSummary', z.object(logSummaryShape), {
  description: 'A log entry as lists show it (no description)',
});
export type LogSummary = z.infer<typeof logSummarySchema>;

export const logSchema = component('Log', z.object({ ...logSummaryShape, description: z.string() }));
export type Log = z.infer<typeof logSchema>;

/** A log has one owner; it is `ownerIds` of length 1 so logs share the incidents' owner machinery. */
const ownerIds = ownerIdsSchema(1, 'a log');

export const createLogBody = component(
  'CreateLog',
  z.strictObject({
    title: titleSchema,
    description: z.optional(descriptionSchema),
    occurredAt: dateTimeSchema,
    ownerIds,
    departmentId: z.optional(idSchema),
    privacyStatusId: z.optional(idSchema),
  }),
);
export type CreateLogBody = z.infer<typeof createLogBody>;

export const updateLogBody = component(
  'UpdateLog',
  z
    .strictObject({
      version: versionSchema,
      title: z.optional(titleSchema),
      description: z.optional(descriptionSchema),
      occurredAt: z.optional(dateTimeSchema),
      ownerIds: z.optional(ownerIds),
      /** null removes it. */
      departmentId: z.optional(z.nullable(idSchema)),
      privacyStatusId: z.optional(z.nullable(idSchema)),
    })
    .check(changesSomething),
);
export type UpdateLogBody = z.infer<typeof updateLogBody>;

const logIdParams = z.strictObject({ logId: idSchema });

export const logPageSchema = component(
  'LogPage',
  z.object({ items: z.array(logSummarySchema), cursor: z.optional(z.string()) }),
);

export const listLogsQuery = z.strictObject({
  ...listQueryShape,
  occurredFrom: z.optional(dateTimeSchema),
  occurredTo: z.optional(dateTimeSchema),
  ...privacyFilterShape,
});
export type ListLogsQuery = z.infer<typeof listLogsQuery>;

const tags = ['logs'];

export const listLogs = defineRoute({
  method: 'GET',
  path: '/logs',
  auth: 'staff',
  operationId: 'listLogs',
  summary:
    'The log entries the caller may see, one page at a time, by time within each visibility scope; a time range narrows it',
  tags,
  query: listLogsQuery,
  responses: { 200: { description: 'A page of log entries', schema: logPageSchema } },
});

export const createLog = defineRoute({
  method: 'POST',
  path: '/logs',
  auth: 'staff',
  operationId: 'createLog',
  summary:
    'Write a log entry (Control access with Incidents & Logs; a confidential one needs a grant for its privacy status)',
  tags,
  body: createLogBody,
  responses: { 201: { description: 'The new log entry', schema: logSchema } },
});

export const getLog = defineRoute({
  method: 'GET',
  path: '/logs/{logId}',
  auth: 'staff',
  operationId: 'getLog',
  summary: 'One log entry the caller may see (404 otherwise)',
  tags,
  params: logIdParams,
  responses: { 200: { description: 'The log entry', schema: logSchema } },
});

export const updateLog = defineRoute({
  method: 'PATCH',
  path: '/logs/{logId}',
  auth: 'staff',
  operationId: 'updateLog',
  summary: 'Change a log entry; optimistic concurrency on `version`',
  tags,
  params: logIdParams,
  body: updateLogBody,
  responses: { 200: { description: 'The updated log entry', schema: logSchema } },
});

export const archiveLog = defineRoute({
  method: 'POST',
  path: '/logs/{logId}/archive',
  auth: 'staff',
  operationId: 'archiveLog',
  summary: 'Archive a log entry (Control Admin or admin roles): it leaves the current lists for the archived ones',
  tags,
  params: logIdParams,
  responses: { 200: { description: 'The archived log entry', schema: logSchema } },
});

export const restoreLog = defineRoute({
  method: 'POST',
  path: '/logs/{logId}/restore',
  auth: 'staff',
  operationId: 'restoreLog',
  summary: 'Restore an archived log entry (the same access as archiving): it returns to the current lists',
  tags,
  params: logIdParams,
  responses: { 200: { description: 'The restored log entry', schema: logSchema } },
});

export const deleteLog = defineRoute({
  method: 'DELETE',
  path: '/logs/{logId}',
  auth: 'staff',
  operationId: 'deleteLog',
  summary: 'Delete a log entry and its list rows (Control Admin or admin roles)',
  tags,
  params: logIdParams,
  responses: { 204: { description: 'Deleted' } },
});
