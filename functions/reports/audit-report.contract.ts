import * as z from 'zod/mini';
import { defineRoute, documented, idSchema } from '#shared/contract';
import { columnsParameter, maxReportRows, reportPageSchema } from './report.contract';
import { auditReportColumns } from './report-column-names';

// The audit-trail report (issue 19): one item's trail, or the account's external activity with
// the activity view's filters, as report rows (JSON pages here, CSV or XLSX through an export).

export { auditReportColumns };

const instant = z.iso.datetime({ offset: true });

/** The query: the trail's item, or the activity view's filters; columns and paging as the other reports. */
export const auditReportQuery = z.strictObject({
  itemType: documented(z.optional(z.enum(['job', 'incident'])), {
    description:
      "With itemId: that item's trail. Alone: the activity's entries on items of this type (as GET /external-activity)",
  }),
  itemId: documented(z.optional(idSchema), {
    description:
      "One item's whole trail (needs itemType; goes without the activity's filters), for whoever may see the item",
  }),
  externalUserId: documented(z.optional(idSchema), { description: "The activity's entries about this external user" }),
  from: documented(z.optional(instant), { description: 'Activity entries at or after this instant' }),
  to: documented(z.optional(instant), { description: 'Activity entries at or before this instant' }),
  columns: columnsParameter(auditReportColumns),
  limit: documented(z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(maxReportRows))), {
    description: `Rows per request, 1–${maxReportRows} (25 unless given); more needs an export`,
  }),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});
export type AuditReportQuery = z.infer<typeof auditReportQuery>;

export const auditReport = defineRoute({
  method: 'GET',
  path: '/reports/audit',
  auth: 'staff',
  operationId: 'reportAudit',
  summary:
    "A report of the audit trail, newest first: one item's trail (itemType and itemId, for whoever may see the item) or the account's external activity with its filters (admin roles, confidential items' entries only with their grant), one page of up to 1,000 rows",
  tags: ['reports'],
  query: auditReportQuery,
  responses: { 200: { description: 'A page of audit entries as rows', schema: reportPageSchema } },
});
