import type { StaffCaller } from '#shared/http';
import { incidentRange, incidentReportColumns } from '../reports/incident-report.contract';
import { jobRange, jobReportColumns } from '../reports/job-report.contract';
import { type ReportSpec, report } from '../reports/report-service';
import type { ExportReport } from './export-record';

const specs: Record<ExportReport, ReportSpec> = {
  jobs: { type: 'job', rangeFields: jobRange, columns: jobReportColumns },
  incidents: { type: 'incident', rangeFields: incidentRange, columns: incidentReportColumns },
};

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
  return report(specs[name], caller, { ...query, limit: page.limit, ...(page.cursor ? { cursor: page.cursor } : {}) });
}

/** Checks a report's query as its GET does, by reading its first row; answers the columns it resolves to. */
export const probeReport = (name: ExportReport, caller: StaffCaller, query: Record<string, string>) =>
  reportPage(name, caller, query, { limit: 1 });
