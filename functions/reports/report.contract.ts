import * as z from 'zod/mini';
import { component, defineRoute, documented } from '#shared/contract';
import { listIncidentsQuery } from '../work/incidents/incident.contract';
import { listJobsQuery } from '../work/jobs/job.contract';

/** The most rows one report request answers (JSON page or CSV); more is the export's (a later increment). */
export const maxReportRows = 1000;

/** The columns every job or incident report may carry, from the item's list row. */
const itemColumns = [
  'id',
  'title',
  'status',
  'location',
  'ownerIds',
  'ownerNames',
  'departmentId',
  'privacyStatusId',
  'customerId',
  'siteId',
  'archived',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
] as const;

/**
 * The optional external-user columns: the assigned external users (ids, names, addresses), each
 * one's e-mail status and link state (in the order of the ids), the item's required checklist
 * items answered and their total, and the external users' last portal visit.
 */
export const externalUserColumns = [
  'externalUserIds',
  'externalUserNames',
  'externalUserEmails',
  'externalUserEmailStatuses',
  'externalUserLinkStates',
  'requiredAnswered',
  'requiredTotal',
  'lastPortalActivityAt',
] as const;
export type ExternalUserColumn = (typeof externalUserColumns)[number];

export const jobReportColumns = [
  'id',
  'title',
  'status',
  'dueAt',
  'categoryId',
  ...itemColumns.slice(3),
  ...externalUserColumns,
] as const;
export const incidentReportColumns = [
  'id',
  'title',
  'status',
  'raisedAt',
  'severity',
  ...itemColumns.slice(3),
  ...externalUserColumns,
] as const;

/** The columns a report has when `columns` is not given: the item's own, no external-user ones. */
export const defaultColumns = (all: readonly string[]) =>
  all.filter((name) => !(externalUserColumns as readonly string[]).includes(name));

export const linkStates = ['open', 'completed', 'past_due', 'revoked'] as const;
export const checklistProgressValues = ['none', 'partial', 'complete'] as const;
export const emailStatusValues = ['pending', 'sent', 'failed'] as const;

/** `columns=a,b,c`: documented as an array of the enum, sent comma-separated (style form, explode false). */
const columnsParameter = (all: readonly string[]) => {
  const schema = z.optional(z.string());
  z.globalRegistry.add(schema, {
    description:
      'Comma-separated columns, in the order wanted (an unknown one is a 400 naming it); left out, every column but the external-user ones',
    type: 'array',
    items: { type: 'string', enum: [...all] },
  });
  return schema;
};

/** What a report adds to its list's query: more rows, the format, the columns and the external-user filters. */
const reportShape = (all: readonly string[]) => ({
  limit: documented(z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(maxReportRows))), {
    description: `Rows per page, 1–${maxReportRows} (25 unless given); more needs an export`,
  }),
  format: documented(z.optional(z.enum(['json', 'csv'])), {
    description: 'json (the default): a page of rows; csv: text/csv, UTF-8 with a BOM, a header row of the columns',
  }),
  columns: columnsParameter(all),
  externalUserEmailStatus: documented(z.optional(z.enum(emailStatusValues)), {
    description:
      "Only items with an active assignment whose link e-mail has this status (with externalUserId, that user's)",
  }),
  linkState: documented(z.optional(z.enum(linkStates)), {
    description: "Only items with an assignment whose access is in this state (with externalUserId, that user's)",
  }),
  checklistProgress: documented(z.optional(z.enum(checklistProgressValues)), {
    description:
      'Required checklist items answered: none (no required item answered, or none required), partial, complete (every required item answered)',
  }),
});

export const jobReportQuery = z.extend(listJobsQuery, reportShape(jobReportColumns));
export type JobReportQuery = z.infer<typeof jobReportQuery>;
export const incidentReportQuery = z.extend(listIncidentsQuery, reportShape(incidentReportColumns));
export type IncidentReportQuery = z.infer<typeof incidentReportQuery>;

/** A cell: text, a number, a flag, a list (one entry per external user), or nothing. */
const cell = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

export const reportPageSchema = component(
  'ReportPage',
  z.object({
    columns: z.array(z.string()),
    rows: z.array(z.record(z.string(), cell)),
    cursor: z.optional(z.string()),
  }),
  { description: 'A page of report rows, each holding the chosen columns' },
);

const reportRoute = (
  path: string,
  operationId: string,
  plural: string,
  query: typeof jobReportQuery | typeof incidentReportQuery,
) =>
  defineRoute({
    method: 'GET',
    path,
    auth: 'staff',
    operationId,
    summary: `A report of the ${plural} the caller may see (the list's rules and filters, plus external-user filters and columns); format=csv answers text/csv (the next page's cursor in the x-next-cursor header)`,
    tags: ['reports'],
    query,
    responses: { 200: { description: `A page of ${plural} rows (or CSV)`, schema: reportPageSchema } },
  });

export const jobReport = reportRoute('/reports/jobs', 'reportJobs', 'jobs', jobReportQuery);
export const incidentReport = reportRoute('/reports/incidents', 'reportIncidents', 'incidents', incidentReportQuery);
