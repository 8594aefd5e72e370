import { randomUUID } from 'node:crypto';
import type { AssignableType } from '#shared/data/keys';
import { ForbiddenError, ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { requireVisibleItem } from '../audit/audit-service';
import { localColumnOf } from '../reports/report.contract';
import { accountTimeZone } from '../reports/report-repository';
import { isAdminRole } from '../staff/permissions/roles';
import { readMe } from '../staff/staff-service';
import type { StartExportBody } from './export.contract';
import { checkReportQuery, reportColumns } from './export-query';
import type { ExportRecord } from './export-record';
import { insertExport } from './export-repository';

/** A validation error of the report's query, named where the body holds it (`query.x` → `body.query.x`). */
function inBody(error: unknown): unknown {
  if (!(error instanceof ValidationError) || !Array.isArray(error.details)) return error;
  const details = (error.details as { path?: string }[]).map((detail) =>
    typeof detail.path === 'string' && detail.path.startsWith('query.')
      ? { ...detail, path: `body.${detail.path}` }
      : detail,
  );
  return new ValidationError(error.message, details, error.code);
}

/**
 * The default columns of a file for people: each date column followed by its twin in the
 * account's time zone, when the account has one (one GetItem of the account).
 */
async function withLocalColumns(accountId: string, columns: string[], all: readonly string[]): Promise<string[]> {
  if (!columns.some((name) => all.includes(localColumnOf(name)))) return columns;
  if ((await accountTimeZone(accountId)) === undefined) return columns;
  return columns.flatMap((name) => (all.includes(localColumnOf(name)) ? [name, localColumnOf(name)] : [name]));
}

/**
 * Starts an export: the report's query is checked as the GET report checks it (the contract's
 * schema, then the columns and the filters that do not combine, each a 400 naming the field in the
 * body), then the Export record is written, queued: an item's audit trail only for an item the
 * requester may see (404 otherwise), the activity only for admin roles (403). The worker picks it
 * up from the table's stream and reads the report with the requester's permissions (a module they
 * may not see fails the export with that reason).
 */
export async function startExport(
  caller: StaffCaller,
  body: StartExportBody,
  now = new Date(),
): Promise<{ id: string; status: 'queued' }> {
  const query = Object.fromEntries(
    Object.entries(body.query ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  let columns: string[];
  try {
    ({ columns } = checkReportQuery(body.report, query));
  } catch (error) {
    throw inBody(error);
  }
  const template = 'layout' in body && body.layout === 'template';
  if (template && query.columns !== undefined) {
    throw new ValidationError('A template-layout export has the template’s columns', [
      {
        path: 'body.query.columns',
        code: 'not_combinable',
        message: "the template's columns are fixed: leave this out",
      },
    ]);
  }
  if (body.report === 'audit' && query.itemId !== undefined) {
    // An item's trail, as GET /jobs/{jobId}/audit decides it, before anything is written: 404 for
    // an item the requester may not see, alike for one that does not exist (the worker reads it
    // again with the requester's permissions then, and fails it if they changed meanwhile).
    await requireVisibleItem(query.itemType as AssignableType, caller, query.itemId);
  } else if (body.report === 'audit' && !isAdminRole((await readMe(caller)).role)) {
    // The activity view's own rule, before anything is written (one GetItem of the caller).
    throw new ForbiddenError('The activity view needs an admin role', 'AUDIT_DENIED');
  }
  if (template) {
    // The template's columns are the imports capability's (above this one): the worker's first
    // chunk records them.
    columns = [];
  } else if (query.columns === undefined) {
    columns = await withLocalColumns(caller.accountId, columns, reportColumns(body.report));
  }
  const at = now.toISOString();
  const record: ExportRecord = {
    entity: 'Export',
    version: 1,
    id: randomUUID(),
    accountId: caller.accountId,
    report: body.report,
    format: body.format,
    ...(template ? { layout: 'template' as const } : {}),
    query,
    columns,
    requestedBy: caller.userId,
    requestedByGroups: caller.groups,
    status: 'queued',
    rowsWritten: 0,
    chunks: 0,
    segments: 0,
    createdAt: at,
    updatedAt: at,
  };
  await insertExport(record);
  return { id: record.id, status: 'queued' };
}
