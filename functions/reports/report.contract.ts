import * as z from 'zod/mini';
import { component, defineRoute, documented, type Schema } from '#shared/contract';
import { customerSiteCreateShape } from '../work/shared/customer-site.contract';
import type { WorkItemDescriptor } from '../work/shared/item-types';
import { dateRange, listQuery, privacyFilterShape, statusFilter } from '../work/shared/work-item.contract';
import { externalUserFilterShape } from '../work/shared/work-item-filters.contract';
import { externalUserColumns, isLocalColumn } from './report-column-names';

// What the job and incident reports share; each has its own contract module
// (job-report.contract.ts, incident-report.contract.ts) so its function carries only its own.

/** The most rows one report request answers; more is the export's (a later increment). */
export const maxReportRows = 1000;

export {
  type ExternalUserColumn,
  externalUserColumns,
  isLocalColumn,
  itemColumns,
  itemLocalColumns,
  localColumnOf,
} from './report-column-names';

/**
 * The columns a report has when `columns` is not given: the item's own, no external-user ones,
 * and no local-time ones (a screen shows times in its own zone; an export adds them when the
 * account has a time zone).
 */
export const defaultColumns = (all: readonly string[]) =>
  all.filter((name) => !(externalUserColumns as readonly string[]).includes(name) && !isLocalColumn(name));

const linkStates = ['open', 'completed', 'past_due', 'revoked'] as const;
const checklistProgressValues = ['none', 'partial', 'complete'] as const;
const emailStatusValues = ['pending', 'sent', 'failed', 'bounced', 'complained'] as const;

/** `columns=a,b,c`: documented as an array of the enum, sent comma-separated (style form, explode false). */
export const columnsParameter = (all: readonly string[]) => {
  const schema = z.optional(z.string());
  z.globalRegistry.add(schema, {
    description:
      'Comma-separated columns, in the order wanted (an unknown or repeated one is a 400 naming it); left out, every column but the external-user ones',
    type: 'array',
    items: { type: 'string', enum: [...all] },
  });
  return schema;
};

/**
 * A report's query: its list's (paging, archived, the date range, status and every list filter),
 * with up to 1,000 rows, the columns and the external-user filters.
 */
export const reportQuery = <S extends readonly [string, ...string[]]>(
  type: WorkItemDescriptor,
  range: { from: string; to: string },
  statuses: S,
  columns: readonly string[],
) =>
  listQuery(type, {
    ...dateRange(range.from, range.to),
    ...statusFilter(type, statuses),
    ...privacyFilterShape,
    ...externalUserFilterShape,
    ...customerSiteCreateShape,
    limit: documented(z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(maxReportRows))), {
      description: `Rows per request, 1–${maxReportRows} (25 unless given); more needs an export`,
    }),
    columns: columnsParameter(columns),
    externalUserEmailStatus: documented(z.optional(z.enum(emailStatusValues)), {
      description:
        "Only items with an assigned external user whose link e-mail has this status (with externalUserId, that user's)",
    }),
    linkState: documented(z.optional(z.enum(linkStates)), {
      description:
        "Only items with an assigned external user whose access is in this state now (with externalUserId, that user's)",
    }),
    checklistProgress: documented(z.optional(z.enum(checklistProgressValues)), {
      description:
        'By required checklist items answered: none (none answered, or none required), partial, complete (every required one answered)',
    }),
  });

/** What the report service reads of a query besides the list's own fields. */
export interface ReportOptions {
  columns?: string | undefined;
  externalUserEmailStatus?: string | undefined;
  linkState?: string | undefined;
  checklistProgress?: string | undefined;
  externalUserId?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

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

/** The route of a report of `plural` at `path`. */
export const reportRoute = <Q extends Schema>(path: string, operationId: string, plural: string, query: Q) =>
  defineRoute({
    method: 'GET',
    path,
    auth: 'staff',
    operationId,
    summary: `A report of the ${plural} the caller may see (the list's rules and filters, plus external-user filters and columns), one page of up to 1,000 rows`,
    tags: ['reports'],
    query,
    responses: { 200: { description: `A page of ${plural} rows`, schema: reportPageSchema } },
  });
