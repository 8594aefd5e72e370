import * as z from 'zod/mini';
import { component, defineRoute, idSchema } from '#shared/contract';
import {
  changesSomething,
  dateTimeSchema,
  descriptionSchema,
  itemRoutes,
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

export const {
  get: getLog,
  archive: archiveLog,
  restore: restoreLog,
  remove: deleteLog,
} = itemRoutes({
  name: 'Log',
  label: 'log entry',
  path: '/logs/{logId}',
  params: logIdParams,
  schema: logSchema,
  tags: tags,
  managers: 'Control Admin or admin roles',
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
