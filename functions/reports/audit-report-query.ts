import { ValidationError } from '#shared/errors';
import { auditReportColumns } from './audit-report.contract';
import { columnsOf } from './report-columns';

/** The audit report's query as given: the route's parsed query, or an export's strings. */
export interface AuditReportOptions {
  itemType?: string | undefined;
  itemId?: string | undefined;
  externalUserId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  columns?: string | undefined;
}

/**
 * Checks the audit report's query beyond its schema (the GET report and an export both do): an
 * item's trail needs `itemType` with `itemId` and goes without the activity's filters (each such
 * filter a 400 naming it), the range must not be empty, and the columns must be known. Answers
 * the columns.
 */
export function checkAuditReportQuery(query: AuditReportOptions): { columns: string[] } {
  const issues: { path: string; code: string; message: string }[] = [];
  if (query.itemId !== undefined) {
    if (query.itemType === undefined) {
      issues.push({ path: 'query.itemType', code: 'required', message: 'is required with itemId' });
    }
    for (const name of ['externalUserId', 'from', 'to'] as const) {
      if (query[name] !== undefined) {
        issues.push({
          path: `query.${name}`,
          code: 'not_combinable',
          message: "filters the external activity, not an item's trail: leave out itemId or this",
        });
      }
    }
  }
  if (query.from && query.to && Date.parse(query.from) > Date.parse(query.to)) {
    issues.push({ path: 'query.from', code: 'range', message: 'must not be after `to`' });
  }
  if (issues.length > 0) throw new ValidationError('The audit report query is not valid', issues);
  return { columns: columnsOf(query.columns, auditReportColumns) };
}
