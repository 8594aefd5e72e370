import type { Clock } from '#shared/clock';
import type { StaffCaller } from '#shared/http';
import { controlModuleRights } from '../../staff/permissions/effective-permissions';
import { archiveWorkItem, getWorkItem, listWorkItems, type WorkItemKind } from '../shared/work-item-service';
import { workItemStore } from '../shared/work-item-store';
import { type ListLogsQuery, type Log, type LogSummary, logSchema, logSummarySchema } from './log.contract';

const definition = {
  type: 'log',
  entity: 'Log',
  label: 'log',
  schema: logSchema,
  summarySchema: logSummarySchema,
  sortAt: (log: Log) => log.occurredAt,
} as const;

/**
 * Logs: stored and listed by the shared work item machinery, ordered by time; no status. Their
 * writes, which name customers and sites, are in log-writes.ts.
 */
export const logs: WorkItemKind<Log, LogSummary> = {
  ...definition,
  store: workItemStore<Log, LogSummary>(definition),
  dateFields: ['occurredAt'],
  rangeFields: { from: 'occurredFrom', to: 'occurredTo' },
  rights: controlModuleRights,
};

/** A log entry the caller may see (404 otherwise). */
export const getLog = (caller: StaffCaller, id: string) => getWorkItem(logs, caller, id);

/** Archives a log entry (Control Admin or admin roles). */
export const archiveLog = (caller: StaffCaller, id: string, clock?: Clock) => archiveWorkItem(logs, caller, id, clock);

/** Restores an archived log entry (whoever may archive it): it returns to the current lists. */
export const restoreLog = (caller: StaffCaller, id: string, clock?: Clock) =>
  archiveWorkItem(logs, caller, id, clock, false);

/** One page of the log entries the caller may see, by time. */
export const listLogs = (caller: StaffCaller, query: ListLogsQuery) => listWorkItems(logs, caller, query);
