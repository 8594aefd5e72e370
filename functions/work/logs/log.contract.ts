import * as z from 'zod/mini';
import { idSchema } from '#shared/contract';
import { customerSiteCreateShape, customerSiteShape, customerSiteUpdateShape } from '../shared/customer-site.contract';
import { logType } from '../shared/item-types';
import {
  createBody,
  dateRange,
  dateTimeSchema,
  descriptionSchema,
  listQuery,
  ownerIdsSchema,
  privacyFilterShape,
  titleSchema,
  updateBody,
  workItemRoutes,
} from '../shared/work-item.contract';
import { recordShape, workItemSchemas } from '../shared/work-item.schema';

const logSummaryShape = { ...recordShape, title: z.string(), occurredAt: z.string(), ...customerSiteShape };

export const { summary: logSummarySchema, item: logSchema } = workItemSchemas(logType, logSummaryShape);
export type LogSummary = z.infer<typeof logSummarySchema>;
export type Log = z.infer<typeof logSchema>;

/** A log has one owner; it is `ownerIds` of length 1 so logs share the incidents' owner machinery. */
const ownerIds = ownerIdsSchema(1, 'a log');

export const createLogBody = createBody(logType, {
  title: titleSchema,
  description: z.optional(descriptionSchema),
  occurredAt: dateTimeSchema,
  ownerIds,
  departmentId: z.optional(idSchema),
  privacyStatusId: z.optional(idSchema),
  ...customerSiteCreateShape,
});
export type CreateLogBody = z.infer<typeof createLogBody>;

export const updateLogBody = updateBody(logType, {
  title: z.optional(titleSchema),
  description: z.optional(descriptionSchema),
  occurredAt: z.optional(dateTimeSchema),
  ownerIds: z.optional(ownerIds),
  /** null removes it. */
  departmentId: z.optional(z.nullable(idSchema)),
  privacyStatusId: z.optional(z.nullable(idSchema)),
  ...customerSiteUpdateShape,
});
export type UpdateLogBody = z.infer<typeof updateLogBody>;

export const listLogsQuery = listQuery(logType, {
  ...dateRange('occurredFrom', 'occurredTo'),
  ...privacyFilterShape,
  ...customerSiteCreateShape,
});
export type ListLogsQuery = z.infer<typeof listLogsQuery>;

export const {
  list: listLogs,
  create: createLog,
  get: getLog,
  update: updateLog,
  archive: archiveLog,
  restore: restoreLog,
  remove: deleteLog,
} = workItemRoutes(logType, {
  schema: logSchema,
  summary: logSummarySchema,
  query: listLogsQuery,
  create: createLogBody,
  update: updateLogBody,
  managers: 'Control Admin or admin roles',
  summaries: {
    list: 'The log entries the caller may see, one page at a time, by time within each visibility scope; owner, department, privacy status, customer, site and a time range narrow it',
    create:
      'Write a log entry (Control access with Incidents & Logs; a confidential one needs a grant for its privacy status)',
    update: 'Change a log entry; optimistic concurrency on `version`',
  },
});
