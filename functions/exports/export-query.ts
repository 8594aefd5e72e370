import { auditReportColumns } from '../reports/audit-report.contract';
import { checkAuditReportQuery } from '../reports/audit-report-query';
import { incidentRange, incidentReportColumns } from '../reports/incident-report.contract';
import { jobRange, jobReportColumns } from '../reports/job-report.contract';
import { columnsOf } from '../reports/report-columns';
import type { ReportSpec } from '../reports/report-service';
import { filtersOf, listRequestOf } from '../work/shared/work-item-list';
import type { ExportReport, ItemExportReport } from './export-record';

/** Each exportable report: its item type, date range fields and columns, as its GET route has them. */
export const reportSpecs: Record<ItemExportReport, ReportSpec> = {
  jobs: { type: 'job', rangeFields: jobRange, columns: jobReportColumns },
  incidents: { type: 'incident', rangeFields: incidentRange, columns: incidentReportColumns },
};

/** Every column of a report. */
export const reportColumns = (name: ExportReport): readonly string[] =>
  name === 'audit' ? auditReportColumns : reportSpecs[name].columns;

/**
 * Checks a report's query beyond its schema exactly as the GET report does (the contract's zod
 * schema has checked the rest): the columns (unknown or repeated ones are a 400 naming
 * `query.columns`) and the filters that do not combine (a 400 naming the filter). Answers the
 * columns the export will have.
 */
export function checkReportQuery(name: ExportReport, query: Record<string, string>): { columns: string[] } {
  if (name === 'audit') return checkAuditReportQuery(query);
  const spec = reportSpecs[name];
  const { columns, externalUserEmailStatus: _e, linkState: _l, checklistProgress: _c, ...listQuery } = query;
  filtersOf(listRequestOf(listQuery, spec.rangeFields));
  return { columns: columnsOf(columns, spec.columns) };
}
