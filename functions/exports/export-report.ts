import type { StaffCaller } from '#shared/http';
import { auditReport } from '../reports/audit-report-service';
import { report } from '../reports/report-service';
import { reportSpecs as specs } from './export-query';
import type { ExportReport } from './export-record';

/**
 * One page of a report, read by the very service the GET report uses (its visibility rules, its
 * partitions, its cursor): an export never holds a row its requester could not read there.
 */
export function reportPage(
  name: ExportReport,
  caller: StaffCaller,
  query: Record<string, string>,
  page: { limit: number; cursor?: string | undefined },
) {
  const paged = { ...query, limit: page.limit, ...(page.cursor ? { cursor: page.cursor } : {}) };
  return name === 'audit' ? auditReport(caller, paged) : report(specs[name], caller, paged);
}
