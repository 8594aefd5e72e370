import type { AssignableType } from '#shared/data/keys';
import type { StaffCaller } from '#shared/http';
import { decideAccess } from '../links/link-state';
import { actorOf } from '../work/shared/work-item-access';
import { listRequestOf, type RangeFields, workListPage } from '../work/shared/work-item-list';
import { type ExternalUserColumn, isLocalColumn, type ReportOptions } from './report.contract';
import { columnsOf, localCell } from './report-columns';

export { columnsOf };

import type { Cell } from './report-csv';
import {
  type AssigneeFacts,
  accountTimeZone,
  type ItemFacts,
  type ReportItem,
  readItemFacts,
  reportPartitionPage,
} from './report-repository';

/** One report: its item type, its list's date range fields and its columns. */
export interface ReportSpec {
  type: AssignableType;
  rangeFields: RangeFields;
  columns: readonly string[];
}

const assigneeColumns: readonly ExternalUserColumn[] = [
  'externalUserNames',
  'externalUserEmails',
  'externalUserEmailStatuses',
  'externalUserLinkStates',
  'lastPortalActivityAt',
  'lastAnsweredBy',
  'lastAnsweredAt',
];
const progressColumns: readonly ExternalUserColumn[] = ['requiredAnswered', 'requiredTotal'];
const dateColumns = new Set(['dueAt', 'raisedAt', 'createdAt', 'updatedAt', 'lastPortalActivityAt', 'lastAnsweredAt']);

/** ISO 8601 in UTC, whatever offset the time was given with. */
const utc = (value: string) => new Date(value).toISOString();

/** An assignee's access state now (open, completed, past_due, revoked), as the link and the portal decide it. */
function linkStateOf(type: AssignableType, item: ReportItem, facts: AssigneeFacts, now: Date): string {
  const { assignment, access } = facts;
  return decideAccess(
    type,
    {
      ...(assignment ? { assignment: { entity: 'Assignment', status: assignment.status } } : {}),
      item: {
        entity: 'Item',
        status: item.status,
        archived: item.archived,
        ...(item.dueAt !== undefined ? { dueAt: item.dueAt } : {}),
      },
      ...(access?.userStatus !== undefined
        ? {
            externalUser: {
              entity: 'ExternalUser',
              status: access.userStatus,
              ...(access.autoDisableAt !== undefined ? { autoDisableAt: access.autoDisableAt } : {}),
            },
          }
        : {}),
    },
    now,
  ).state;
}

/** Required checklist items answered and their total, from the item's completion record. */
function progressOf(facts: ItemFacts | undefined): { answered: number; total: number } {
  const required = (facts?.progress?.required as Set<string> | undefined) ?? new Set<string>();
  const answers = (facts?.progress?.answers as Record<string, number> | undefined) ?? {};
  const answered = [...required].filter((token) => (answers[token] ?? 0) % 2 === 1).length;
  return { answered, total: required.size };
}

const progressClass = ({ answered, total }: { answered: number; total: number }) =>
  answered === 0 ? 'none' : answered === total ? 'complete' : 'partial';

/** The report's filters on facts outside the row. */
interface FactFilters {
  externalUserId?: string | undefined;
  externalUserEmailStatus?: string | undefined;
  linkState?: string | undefined;
  checklistProgress?: string | undefined;
}

function matches(
  type: AssignableType,
  item: ReportItem,
  facts: ItemFacts | undefined,
  filters: FactFilters,
  now: Date,
) {
  const assignees = (item.externalUsers ?? [])
    .filter((id) => filters.externalUserId === undefined || id === filters.externalUserId)
    .map((id) => facts?.assignees.get(id) ?? {});
  if (
    filters.externalUserEmailStatus !== undefined &&
    !assignees.some(
      (a) => a.assignment?.status === 'active' && a.assignment.emailStatus === filters.externalUserEmailStatus,
    )
  ) {
    return false;
  }
  if (
    filters.linkState !== undefined &&
    !assignees.some((a) => linkStateOf(type, item, a, now) === filters.linkState)
  ) {
    return false;
  }
  return filters.checklistProgress === undefined || progressClass(progressOf(facts)) === filters.checklistProgress;
}

const nameOf = (a: AssigneeFacts) => `${a.assignment?.givenName ?? ''} ${a.assignment?.familyName ?? ''}`.trim();

/** The assignee who saved an answer last, and when (from each access record's `answeredAt`). */
function latestAnswerOf(assignees: readonly AssigneeFacts[]): { assignee: AssigneeFacts; at: string } | undefined {
  let latest: { assignee: AssigneeFacts; at: string } | undefined;
  for (const assignee of assignees) {
    const at = assignee.access?.answeredAt;
    if (at !== undefined && (latest === undefined || Date.parse(at) > Date.parse(latest.at))) latest = { assignee, at };
  }
  return latest;
}

/** One row: the chosen columns of the item, external-user lists in the order of its assignees. */
function rowOf(
  type: AssignableType,
  item: ReportItem,
  facts: ItemFacts | undefined,
  columns: readonly string[],
  now: Date,
  timeZone: string | undefined,
): Record<string, Cell> {
  const ids = item.externalUsers ?? [];
  const assignees = ids.map((id) => facts?.assignees.get(id) ?? {});
  const progress = progressOf(facts);
  const viewed = assignees.map((a) => a.access?.viewedAt).filter((at): at is string => at !== undefined);
  const lastAnswer = latestAnswerOf(assignees);
  const external: Record<ExternalUserColumn, () => Cell> = {
    externalUserIds: () => ids,
    externalUserNames: () => assignees.map(nameOf),
    externalUserEmails: () => assignees.map((a) => a.assignment?.email ?? ''),
    externalUserEmailStatuses: () => assignees.map((a) => a.assignment?.emailStatus ?? ''),
    externalUserLinkStates: () => assignees.map((a) => linkStateOf(type, item, a, now)),
    requiredAnswered: () => progress.answered,
    requiredTotal: () => progress.total,
    lastPortalActivityAt: () => (viewed.length > 0 ? (viewed.map(utc).sort().at(-1) ?? null) : null),
    lastAnsweredBy: () => (lastAnswer ? nameOf(lastAnswer.assignee) : null),
    lastAnsweredAt: () => (lastAnswer ? utc(lastAnswer.at) : null),
  };
  const cellOf = (name: string): Cell => {
    if (name in external) return external[name as ExternalUserColumn]();
    const value = name === 'location' ? item.location.text : item[name];
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') return dateColumns.has(name) ? utc(value) : value;
    if (typeof value === 'number' || typeof value === 'boolean') return value;
    return Array.isArray(value) ? value.map(String) : JSON.stringify(value);
  };
  return Object.fromEntries(
    columns.map((name) => [name, isLocalColumn(name) ? localCell(cellOf(name.slice(0, -5)), timeZone) : cellOf(name)]),
  );
}

/**
 * A report of the jobs or incidents the caller may see: the list's pages and rules (WRK-5, one
 * scope per page, a confidential item only with its grant), plus the external-user filters
 * (decided on RPT-2's facts while paging, so a page stays full) and columns, as JSON rows.
 */
export async function report(
  spec: ReportSpec,
  caller: StaffCaller,
  query: ReportOptions,
): Promise<{ columns: string[]; rows: Record<string, Cell>[]; cursor?: string }> {
  const { type } = spec;
  const { columns: columnsText, externalUserEmailStatus, linkState, checklistProgress, ...listQuery } = query;
  const columns = columnsOf(columnsText, spec.columns);
  const now = new Date();
  const request = listRequestOf(listQuery, spec.rangeFields);
  const filters: FactFilters = {
    externalUserId: request.externalUserId,
    externalUserEmailStatus,
    linkState,
    checklistProgress,
  };
  const wanted = {
    assignees:
      externalUserEmailStatus !== undefined ||
      linkState !== undefined ||
      columns.some((name) => (assigneeColumns as readonly string[]).includes(name)),
    progress:
      checklistProgress !== undefined || columns.some((name) => (progressColumns as readonly string[]).includes(name)),
  };
  const filtered = externalUserEmailStatus !== undefined || linkState !== undefined || checklistProgress !== undefined;
  const facts = new Map<string, ItemFacts>();
  const read = async (items: ReportItem[]) => {
    for (const [id, item] of await readItemFacts(type, caller.accountId, items, wanted)) facts.set(id, item);
  };
  const keep = filtered
    ? async (items: ReportItem[]) => {
        await read(items);
        return items.map((item) => matches(type, item, facts.get(item.id), filters, now));
      }
    : undefined;
  const [actor, timeZone] = await Promise.all([
    actorOf(caller),
    columns.some(isLocalColumn) ? accountTimeZone(caller.accountId) : undefined,
  ]);
  const page = await workListPage<ReportItem>(type, actor, request, spec.rangeFields, (target, options) =>
    reportPartitionPage(target, options, keep),
  );
  if (!filtered && (wanted.assignees || wanted.progress) && page.items.length > 0) await read(page.items);
  const rows = page.items.map((item) => rowOf(type, item, facts.get(item.id), columns, now, timeZone));
  return { columns, rows, ...(page.cursor ? { cursor: page.cursor } : {}) };
}
