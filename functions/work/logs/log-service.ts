import type { Clock } from '#shared/clock';
import type { StaffCaller } from '#shared/http';
import {
  archiveWorkItem,
  createWorkItem,
  deleteWorkItem,
  getWorkItem,
  listWorkItems,
  updateWorkItem,
  type WorkItemKind,
} from '../shared/work-item-service';
import { workItemStore } from '../shared/work-item-store';
import {
  type CreateLogBody,
  type ListLogsQuery,
  type Log,
  type LogSummary,
  logSchema,
  logSummarySchema,
  type UpdateLogBody,
} from './log.contract';

const definition = {
  type: 'log',
  entity: 'Log',
  label: 'log',
  schema: logSchema,
  summarySchema: logSummarySchema,
  sortAt: (log: Log) => log.occurredAt,
} as const;

/** Logs: stored and listed by the shared work item machinery, ordered by time; no status. */
export const logs: WorkItemKind<Log, LogSummary> = {
  ...definition,
  store: workItemStore<Log, LogSummary>(definition),
  dateFields: ['occurredAt'],
  rangeFields: { from: 'occurredFrom', to: 'occurredTo' },
};

/** Writes a log entry (see `createWorkItem`). */
export function createLog(caller: StaffCaller, body: CreateLogBody, clock?: Clock): Promise<Log> {
  return createWorkItem(
    logs,
    caller,
    {
      title: body.title,
      description: body.description ?? '',
      occurredAt: body.occurredAt,
      ownerIds: body.ownerIds,
      ...(body.departmentId !== undefined ? { departmentId: body.departmentId } : {}),
      ...(body.privacyStatusId !== undefined ? { privacyStatusId: body.privacyStatusId } : {}),
      ...(body.customerId !== undefined ? { customerId: body.customerId } : {}),
      ...(body.siteId !== undefined ? { siteId: body.siteId } : {}),
    },
    undefined,
    clock,
  );
}

/** A log entry the caller may see (404 otherwise). */
export const getLog = (caller: StaffCaller, id: string) => getWorkItem(logs, caller, id);

/** Changes a log entry (see `updateWorkItem`). */
export const updateLog = (caller: StaffCaller, id: string, body: UpdateLogBody, clock?: Clock) =>
  updateWorkItem(logs, caller, id, body, () => undefined, clock);

/** Archives a log entry (Control Admin or admin roles). */
export const archiveLog = (caller: StaffCaller, id: string, clock?: Clock) => archiveWorkItem(logs, caller, id, clock);

/** Restores an archived log entry (whoever may archive it): it returns to the current lists. */
export const restoreLog = (caller: StaffCaller, id: string, clock?: Clock) =>
  archiveWorkItem(logs, caller, id, clock, false);

/** Deletes a log entry (Control Admin or admin roles). */
export const deleteLog = (caller: StaffCaller, id: string) => deleteWorkItem(logs, caller, id);

/** One page of the log entries the caller may see, by time. */
export const listLogs = (caller: StaffCaller, query: ListLogsQuery) => listWorkItems(logs, caller, query);
