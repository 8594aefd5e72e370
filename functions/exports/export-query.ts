import { incidentRange, incidentReportColumns } from '../reports/incident-report.contract';
import { jobRange, jobReportColumns } from '../reports/job-report.contract';
import { columnsOf } from '../reports/report-columns';
import type { ReportSpec } from '../reports/report-service';
import { filtersOf, listRequestOf } from '../work/shared/work-item-list';
import type { ExportReport } from './export-record';

/** Each exportable report: its item type, date range fields and columns, as its GET route has them. */
export const reportSpecs: Record<ExportReport, ReportSpec> = {
  jobs: { type: 'job', rangeFields: jobRange, columns: jobReportColumns },
  incidents: { type: 'incident', rangeFields: incidentRange, columns: incidentReportColumns },
};

/**
 * Checks a report's query beyond its schema exactly as the GET report does (the contract's zod
 * schema has checked the rest): the columns (unknown or repeated ones are a 400 naming
 * `query.columns`) and the filters that do not combine (a 400 naming the filter). Answers the
 * columns the export will have.
 */
export function checkReportQuery(name: ExportReport, query: Record<string, string>): { columns: string[] } {
  const spec = reportSpecs[name];
  const { columns, externalUserEmailStatus: _e, linkState: _l, checklistProgress: _c, ...listQuery } = query;
  filtersOf(listRequestOf(listQuery, spec.rangeFields));
  return { columns: columnsOf(columns, spec.columns) };
}
