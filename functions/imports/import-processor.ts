import { createHash } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import { importFileObject, importPreviewObject } from '#shared/data/keys';
import { AppError } from '#shared/errors';
import { readObject, writeObject } from '#shared/file-store';
import type { StaffCaller } from '#shared/http';
import { type CountMetric, countMetric } from '#shared/metrics';
import { findAccount } from '../accounts/account-repository';
import { createJob } from '../item-writes/create-job';
import { createIncident, updateIncident } from '../item-writes/incident-writes';
import { updateJob } from '../item-writes/job-writes';
import { incidentReads } from '../work/incidents/incident-kind';
import { jobReads } from '../work/jobs/job-kind';
import { actorOf, decideCreateOn, decideOn } from '../work/shared/work-item-access';
import { type ImportRecord, maxListed } from './import.schema';
import { type ReadFile, readCsv, readXlsx } from './import-file';
import { allJobCategories, externalUserIdsByEmail, replaceImport, staffIdsByEmail } from './import-repository';
import { expiryOf, kindTypes } from './import-service';
import {
  type ImportKind,
  type ReadRow,
  type RowBody,
  type RowError,
  readHeader,
  readTemplateRow,
  rowChanges,
  type TemplateItem,
  type TemplateRow,
} from './import-template';

// The import processor: runs outside any API request (the background worker calls it for an import
// record in `validating` or `committing`), so it may read a whole 10 MB file and load exceljs.
// Each call does one bounded step and records it on the import record; that record's change is
// what starts the next step, so a crash resumes from the last recorded progress.

/** Rows applied per commit step: each a transaction of its own, well within a Lambda's time. */
export const commitChunkRows = 25;

/** A valid row of the preview, as the commit applies it. */
export interface PreviewRow {
  row: number;
  action: 'create' | 'update' | 'skip';
  /** Update and skip: the item; create: the id the item will have (from the import and row). */
  id: string;
  /** Update: the version the preview read. */
  version?: number;
  body: RowBody<ImportKind>;
}

const readers = { jobs: jobReads, incidents: incidentReads } as const;

/**
 * The id of the item row `row` of import `importId` creates: the same on every attempt, so a
 * retried or resumed chunk meets the item's create-if-absent condition instead of creating it twice.
 */
export function importedItemId(importId: string, row: number): string {
  const hex = createHash('sha256').update(`${importId}:${row}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The staff caller an import acts as: the user who started it (with their permissions now). */
const importer = (accountId: string, record: ImportRecord): StaffCaller => ({
  accountId,
  userId: record.createdBy,
  groups: [],
});

const listSplit = (cell: string | undefined) =>
  (cell ?? '')
    .split(/[;,]/)
    .map((entry) => entry.trim().replace(/^'/, '').toLowerCase())
    .filter((entry) => entry.includes('@'));

/** Records an import's next state; false when another invocation recorded first (this one stops). */
async function record(accountId: string, previous: ImportRecord, next: Partial<ImportRecord>, clock: Clock) {
  const now = clock();
  return replaceImport(accountId, previous, { ...previous, ...next, updatedAt: now.toISOString() }, expiryOf(now));
}

/**
 * Reads every row of an import's file and writes its preview: which rows create, update or leave
 * an item unchanged, every row error (row, column, problem), the external users the commit would
 * create. Nothing is written to items. A file that cannot be read at all rejects the import with
 * a code and message, as a 400 would.
 */
async function validate(accountId: string, imp: ImportRecord, clock: Clock, count: CountMetric): Promise<void> {
  const bytes = await readObject(importFileObject(accountId, imp.id));
  const file: ReadFile = !bytes
    ? { ok: false, problem: { code: 'IMPORT_FILE_MISSING', message: 'The file was not uploaded' } }
    : imp.format === 'csv'
      ? readCsv(bytes)
      : await readXlsx(bytes);
  if (!file.ok) {
    if (await record(accountId, imp, { status: 'rejected', error: file.problem }, clock)) {
      count('ImportRejected', { kind: imp.kind, code: file.problem.code });
    }
    return;
  }
  const header = readHeader(imp.kind, file.header);
  if ('problems' in header) {
    const rejected = await record(
      accountId,
      imp,
      {
        status: 'rejected',
        error: {
          code: 'IMPORT_HEADERS',
          message: 'The header row is not the template’s (GET /imports/templates/{kind})',
          details: header.problems,
        },
      },
      clock,
    );
    if (rejected) count('ImportRejected', { kind: imp.kind, code: 'IMPORT_HEADERS' });
    return;
  }
  const rows: TemplateRow[] = file.rows.map((cells) =>
    Object.fromEntries(header.columns.map((column, i) => [column, cells[i] ?? ''])),
  );
  const caller = importer(accountId, imp);
  const [actor, account, categories, staffByEmail, externalUsersByEmail] = await Promise.all([
    actorOf(caller),
    findAccount(accountId),
    imp.kind === 'jobs' ? allJobCategories(accountId) : Promise.resolve([]),
    staffIdsByEmail(
      accountId,
      rows.flatMap((row) => listSplit(row.Owners)),
    ),
    externalUserIdsByEmail(
      accountId,
      rows.flatMap((row) => listSplit(row['External Users'])),
    ),
  ]);
  const lookups = {
    staffByEmail,
    externalUsersByEmail,
    categories,
    departments: account?.departments ?? [],
    privacyStatuses: account?.privacyStatuses ?? [],
    createExternalUsers: imp.createExternalUsers,
  };
  const { type, label } = kindTypes[imp.kind];
  const errors: RowError[] = [];
  const preview: PreviewRow[] = [];
  const seenRows = new Map<string, number>();
  const seenIds = new Map<string, number>();
  const toCreate = new Set<string>();
  const read: { row: number; result: ReadRow<ImportKind> }[] = [];
  rows.forEach((row, i) => {
    const number = i + 2;
    const content = JSON.stringify(header.columns.map((column) => (row[column] ?? '').trim()));
    const earlier = seenRows.get(content);
    if (earlier !== undefined) {
      errors.push({ row: number, column: '', problem: `repeats row ${earlier}` });
      return;
    }
    seenRows.set(content, number);
    const result = readTemplateRow(imp.kind, number, row, lookups);
    if (!result.ok) {
      errors.push(...result.errors);
      return;
    }
    if (result.id !== undefined) {
      const first = seenIds.get(result.id);
      if (first !== undefined) {
        errors.push({ row: number, column: 'ID', problem: `names the same ${label} as row ${first}` });
        return;
      }
      seenIds.set(result.id, number);
    }
    read.push({ row: number, result });
  });
  // The items the update rows name: a GetItem each, 25 at a time.
  const current = new Map<string, TemplateItem & { version: number; archived: boolean }>();
  const ids = read.flatMap(({ result }) => (result.ok && result.id !== undefined ? [result.id] : []));
  for (let i = 0; i < ids.length; i += 25) {
    await Promise.all(
      ids.slice(i, i + 25).map(async (id) => {
        const item = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await readers[imp.kind].store.find(accountId, id) : undefined;
        if (item) current.set(id, item as unknown as TemplateItem & { version: number; archived: boolean });
      }),
    );
  }
  for (const { row, result } of read) {
    if (!result.ok) continue;
    const body = result.body;
    if (result.id === undefined) {
      const decision = decideCreateOn(actor, type, { ownerIds: body.ownerIds ?? [], ...governed(body) });
      if (!decision.allowed) {
        errors.push({ row, column: '', problem: `you may not create this ${label} (${decision.code})` });
        continue;
      }
      for (const address of result.newExternalUsers) toCreate.add(address);
      preview.push({ row, action: 'create', id: importedItemId(imp.id, row), body });
      continue;
    }
    const item = current.get(result.id);
    if (!item || !decideOn(actor, type, 'see', item).allowed) {
      errors.push({ row, column: 'ID', problem: `no such ${label}` });
      continue;
    }
    if (!decideOn(actor, type, 'edit', item).allowed) {
      errors.push({ row, column: 'ID', problem: `you may not change this ${label}` });
      continue;
    }
    if (item.archived) {
      errors.push({ row, column: 'ID', problem: `this ${label} is archived` });
      continue;
    }
    const changes = rowChanges(imp.kind, item, body);
    const changed = Object.keys(changes).length > 0;
    if (changed) for (const address of result.newExternalUsers) toCreate.add(address);
    preview.push({ row, action: changed ? 'update' : 'skip', id: result.id, version: item.version, body });
  }
  errors.sort((a, b) => a.row - b.row);
  await writeObject(importPreviewObject(accountId, imp.id), JSON.stringify(preview), 'application/json');
  const rowsOf = (action: PreviewRow['action']) => preview.filter((entry) => entry.action === action).length;
  const previewed = await record(
    accountId,
    imp,
    {
      status: 'previewed',
      preview: {
        rows: rows.length,
        create: rowsOf('create'),
        update: rowsOf('update'),
        skip: rowsOf('skip'),
        invalid: new Set(errors.map((error) => error.row)).size,
        errors: errors.slice(0, maxListed),
        externalUsersToCreate: [...toCreate].slice(0, maxListed),
        externalUsersToCreateCount: toCreate.size,
      },
    },
    clock,
  );
  if (previewed) count('ImportPreviewed', { kind: imp.kind });
}

/** The fields a permission decision reads of a new item. */
const governed = (body: { departmentId?: string | undefined; privacyStatusId?: string | undefined }) => ({
  ...(body.departmentId !== undefined ? { departmentId: body.departmentId } : {}),
  ...(body.privacyStatusId !== undefined ? { privacyStatusId: body.privacyStatusId } : {}),
});

type Outcome = { applied: 'created' | 'updated' | 'skipped' } | { applied: 'failed'; reason: string };

/** What a refusal of the item's write says, for the summary. */
const reasonOf = (error: AppError) => `${error.code}: ${error.message}`;

type Pending = { applied?: undefined; changes: Record<string, unknown> };

/**
 * What an earlier or concurrent attempt left of a row, or the changes still to make: a created
 * row's item exists (its id comes from the import and row, so nothing else made it); an update
 * whose fields are in place at a later version was applied by another attempt.
 */
async function stateOf(caller: StaffCaller, kind: ImportKind, entry: PreviewRow): Promise<Outcome | Pending> {
  const item = (await readers[kind].store.find(caller.accountId, entry.id)) as
    | (TemplateItem & { version: number })
    | undefined;
  if (entry.action === 'create') return item ? { applied: 'created' } : { changes: {} };
  if (!item) return { applied: 'failed', reason: `NOT_FOUND: the ${kindTypes[kind].label} was deleted` };
  const changes = rowChanges(kind, item, entry.body);
  if (Object.keys(changes).length === 0) return { applied: item.version === entry.version ? 'skipped' : 'updated' };
  if (item.version !== entry.version)
    return { applied: 'failed', reason: 'CONFLICT: changed by someone else since the preview' };
  return { changes };
}

/**
 * Applies one preview row through the item writes `POST`/`PATCH` use (each item with its
 * assignments in one transaction). Idempotent, also under a duplicated invocation of the same chunk
 * running at the same time: a write that loses the race (409) looks again at what the winner left,
 * so the summary counts the row as applied rather than as a conflict with itself.
 */
async function applyRow(caller: StaffCaller, kind: ImportKind, entry: PreviewRow, clock: Clock): Promise<Outcome> {
  if (entry.action === 'skip') return { applied: 'skipped' };
  try {
    const state = await stateOf(caller, kind, entry);
    if (state.applied) return state;
    if (entry.action === 'create') {
      if (kind === 'jobs') await createJob(caller, entry.body as RowBody<'jobs'>, clock, entry.id);
      else await createIncident(caller, entry.body as RowBody<'incidents'>, clock, entry.id);
      return { applied: 'created' };
    }
    const body = { ...state.changes, version: entry.version } as never;
    if (kind === 'jobs') await updateJob(caller, entry.id, body, clock);
    else await updateIncident(caller, entry.id, body, clock);
    return { applied: 'updated' };
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    if (error.status === 409) {
      const after = await stateOf(caller, kind, entry);
      if (after.applied && after.applied !== 'failed') return after;
    }
    return { applied: 'failed', reason: reasonOf(error) };
  }
}

/**
 * Applies the next chunk of a committing import (from `progress.rowsApplied`) and records the
 * progress and the summary so far, or `committed` after the last chunk. A chunk repeated after a
 * crash (its progress not recorded) applies its rows again without effect: see `applyRow`.
 */
async function commitChunk(accountId: string, imp: ImportRecord, clock: Clock, count: CountMetric): Promise<void> {
  const bytes = await readObject(importPreviewObject(accountId, imp.id));
  if (!bytes) throw new Error(`The preview of import ${imp.id} is missing`);
  const preview = JSON.parse(new TextDecoder().decode(bytes)) as PreviewRow[];
  const from = imp.progress?.rowsApplied ?? 0;
  const chunk = preview.slice(from, from + commitChunkRows);
  const summary = imp.summary ?? { created: 0, updated: 0, skipped: 0, failed: 0, failures: [] };
  const caller = importer(accountId, imp);
  for (const entry of chunk) {
    const outcome = await applyRow(caller, imp.kind, entry, clock);
    summary[outcome.applied] += 1;
    if (outcome.applied === 'failed' && summary.failures.length < maxListed) {
      summary.failures.push({ row: entry.row, reason: outcome.reason });
    }
  }
  const rowsApplied = from + chunk.length;
  const committed = rowsApplied >= preview.length;
  const recorded = await record(
    accountId,
    imp,
    {
      status: committed ? 'committed' : 'committing',
      progress: { rowsApplied, rowsTotal: preview.length },
      summary,
    },
    clock,
  );
  if (recorded && committed) count('ImportCommitted', { kind: imp.kind });
}

/**
 * One step of an import, for the import record as it is now (the worker's stream record, or a
 * test): validates a `validating` import, applies the next chunk of a `committing` one, and does
 * nothing for any other state. Counts `ImportPreviewed`, `ImportRejected` and `ImportCommitted`
 * once each, by the invocation whose write recorded it.
 */
export async function processImportChunk(
  accountId: string,
  imp: ImportRecord,
  clock: Clock = systemClock,
  count: CountMetric = countMetric,
): Promise<void> {
  if (imp.status === 'validating') await validate(accountId, imp, clock, count);
  else if (imp.status === 'committing') await commitChunk(accountId, imp, clock, count);
}
