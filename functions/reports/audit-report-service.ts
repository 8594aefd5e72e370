import type { AssignableType } from '#shared/data/keys';
import type { StaffCaller } from '#shared/http';
import type { AuditEntry } from '../audit/audit-event';
import { listExternalActivity, listItemTrail } from '../audit/audit-service';
import { type AuditReportOptions, checkAuditReportQuery } from './audit-report-query';
import { isLocalColumn } from './report.contract';
import { localCell } from './report-columns';
import type { Cell } from './report-csv';
import { accountTimeZone } from './report-repository';

/** One entry as a report row of `columns`: times in UTC (and the account's zone), details as JSON text. */
function rowOf(entry: AuditEntry, columns: readonly string[], timeZone: string | undefined): Record<string, Cell> {
  const at = new Date(entry.at).toISOString();
  const cells: Record<string, Cell> = {
    at,
    atLocal: localCell(at, timeZone),
    action: entry.action,
    actorKind: entry.actor.kind,
    actorId: 'id' in entry.actor ? entry.actor.id : null,
    itemType: entry.itemType ?? null,
    itemId: entry.itemId ?? null,
    externalUserId: entry.externalUserId ?? null,
    subjectType: entry.subject?.type ?? null,
    subjectId: entry.subject?.id ?? null,
    details: JSON.stringify(entry.details),
  };
  return Object.fromEntries(columns.map((name) => [name, cells[name] ?? null]));
}

/**
 * The audit-trail report, newest first: one item's trail (`itemType` + `itemId`) for whoever may
 * see the item (404 otherwise, as GET /jobs/{jobId}/audit), or the account's external activity
 * with the activity view's filters (admin roles, 403 otherwise; an entry on a confidential item
 * only with its grant), read by those views' own services: one Query per page (the activity's
 * page filled from further Queries when the visibility rule leaves it short).
 */
export async function auditReport(
  caller: StaffCaller,
  query: AuditReportOptions & { limit?: number | undefined; cursor?: string | undefined },
): Promise<{ columns: string[]; rows: Record<string, Cell>[]; cursor?: string }> {
  const { columns } = checkAuditReportQuery(query);
  const paging = { limit: query.limit ?? 25, ...(query.cursor ? { cursor: query.cursor } : {}) };
  const [page, timeZone] = await Promise.all([
    query.itemId !== undefined
      ? listItemTrail(query.itemType as AssignableType, caller, query.itemId, paging)
      : listExternalActivity(caller, {
          ...paging,
          ...(query.externalUserId ? { externalUserId: query.externalUserId } : {}),
          ...(query.itemType ? { itemType: query.itemType as AssignableType } : {}),
          ...(query.from ? { from: query.from } : {}),
          ...(query.to ? { to: query.to } : {}),
        }),
    columns.some(isLocalColumn) ? accountTimeZone(caller.accountId) : undefined,
  ]);
  return {
    columns,
    rows: page.items.map((entry) => rowOf(entry, columns, timeZone)),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}
