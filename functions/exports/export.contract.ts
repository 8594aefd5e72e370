import * as z from 'zod/mini';
import { component, defineRoute, documented } from '#shared/contract';
import { auditReportQuery } from '../reports/audit-report.contract';
import { incidentReportQuery } from '../reports/incident-report.contract';
import { jobReportQuery } from '../reports/job-report.contract';
import { exportFormats, exportStatuses } from './export-record';
import { exportLayouts } from './export-template';

/** A report's query in an export: the GET report's parameters (as strings), without paging. */
const exportQuery = <S extends z.ZodMiniType>(query: S, plural: string) =>
  documented(z.optional(query), {
    description: `The filters and columns of GET /reports/${plural}, as its query parameters (strings; columns comma-separated); no limit or cursor`,
  });
const unpaged = { limit: true, cursor: true } as const;

const format = documented(z.enum(exportFormats), {
  description: 'csv: UTF-8 with a byte order mark, CRLF line ends; xlsx: one worksheet',
});

const layout = documented(z.optional(z.enum(exportLayouts)), {
  description:
    "columns (the default): the report's columns. template: exactly the import template's columns (GET /imports/templates/{kind}), settings by name and people by address, so the file re-imports as updates of the same items (no `columns` in the query then)",
});

const startExportBody = component(
  'StartExport',
  z.discriminatedUnion('report', [
    z.strictObject({
      report: z.literal('jobs'),
      format,
      layout,
      query: exportQuery(z.omit(jobReportQuery, unpaged), 'jobs'),
    }),
    z.strictObject({
      report: z.literal('incidents'),
      format,
      layout,
      query: exportQuery(z.omit(incidentReportQuery, unpaged), 'incidents'),
    }),
    z.strictObject({
      report: z.literal('audit'),
      format,
      query: exportQuery(z.omit(auditReportQuery, unpaged), 'audit'),
    }),
  ]),
  { description: 'The report to export (its filters and columns as in the GET report) and the file format' },
);
export type StartExportBody = z.infer<typeof startExportBody>;

const exportStarted = component('ExportStarted', z.object({ id: z.string(), status: z.enum(exportStatuses) }), {
  description: 'The export, queued; follow it at GET /exports/{exportId}',
});

export const startExport = defineRoute({
  method: 'POST',
  path: '/exports',
  auth: 'staff',
  operationId: 'startExport',
  summary:
    'Start an export of a report as CSV or XLSX (the rows the caller may see, as in the GET report); written in the background, the requester is e-mailed when it is ready',
  tags: ['reports'],
  body: startExportBody,
  responses: { 202: { description: 'The export is queued', schema: exportStarted } },
});
