import { type Clock, systemClock } from '#shared/clock';
import { importFileObject } from '#shared/data/keys';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors';
import { readObjectStart } from '#shared/file-store';
import type { StaffCaller } from '#shared/http';
import { actorOf, decideCreateOn, enforce } from '../work/shared/work-item-access';
import type { ImportRecord } from './import.schema';
import { isZip, maxImportBytes } from './import-limits';
import { findImport, replaceImport } from './import-repository';
import type { ImportKind } from './import-template';

/** An import record (and its files) lives a week after its last change: S3 lifecycle and DynamoDB TTL. */
export const importLifetimeSeconds = 7 * 24 * 3600;
export const expiryOf = (now: Date) => Math.floor(now.getTime() / 1000) + importLifetimeSeconds;

/** The content type a file is uploaded with, by format (signed into the upload URL). */
export const importContentTypes = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** The item type and label of each kind. */
export const kindTypes = {
  jobs: { type: 'job', label: 'job' },
  incidents: { type: 'incident', label: 'incident' },
} as const;

/**
 * The caller's permission to import `kind`: what creating such an item by hand needs (the
 * module's create right for an item they own; 403 MODULE_ACCESS_REQUIRED or CREATE_DENIED
 * otherwise). Each row is checked again against its own fields when the file is validated.
 */
export async function requireImporter(caller: StaffCaller, kind: ImportKind) {
  const actor = await actorOf(caller);
  enforce(decideCreateOn(actor, kindTypes[kind].type, { ownerIds: [actor.userId] }), kindTypes[kind].label);
  return actor;
}

/** The import, if the caller started it (404 otherwise: another user's or another account's). */
async function requireOwnImport(caller: StaffCaller, importId: string): Promise<ImportRecord> {
  const record = await findImport(caller.accountId, importId);
  if (!record || record.createdBy !== caller.userId) throw new NotFoundError('No such import');
  return record;
}

/** An import the caller started, as it stands (status, preview, progress, summary). */
export const getImport = (caller: StaffCaller, importId: string) => requireOwnImport(caller, importId);

/** Moves an import from one state to the next, or 409 when it is not in `from` (any more). */
async function advance(
  caller: StaffCaller,
  record: ImportRecord,
  from: ImportRecord['status'],
  next: Partial<ImportRecord>,
  clock: Clock,
): Promise<ImportRecord> {
  if (record.status !== from) {
    throw new ConflictError(
      `This import is ${record.status.replaceAll('_', ' ')}`,
      { status: record.status },
      'IMPORT_STATE',
    );
  }
  const now = clock();
  const changed = { ...record, ...next, updatedAt: now.toISOString() };
  if (!(await replaceImport(caller.accountId, record, changed, expiryOf(now)))) {
    throw new ConflictError('This import changed at the same moment; reload it', undefined, 'IMPORT_STATE');
  }
  return { ...changed, version: record.version + 1 };
}

/**
 * Checks the uploaded file (one ranged GET: it exists, it has the size the import was started
 * with (S3 refuses another length on the signed PUT; this holds it also where a stand-in does not),
 * at most 10 MB, its first bytes fit
 * the format) and hands it to the import processor, which reads every row and writes the preview
 * (status `validating`, then `previewed` or `rejected`). 400 naming what is wrong with the file.
 */
export async function validateImport(caller: StaffCaller, importId: string, clock: Clock = systemClock) {
  const record = await requireOwnImport(caller, importId);
  if (record.status !== 'awaiting_upload') return advance(caller, record, 'awaiting_upload', {}, clock);
  const start = await readObjectStart(importFileObject(caller.accountId, importId), 8);
  if (!start)
    throw new ValidationError(
      'Upload the file first (the upload URL of POST /imports)',
      undefined,
      'IMPORT_FILE_MISSING',
    );
  if (start.size !== record.size) {
    throw new ValidationError(
      `The file uploaded has ${start.size} bytes, not the ${record.size} the import was started with`,
      { size: start.size, expected: record.size },
      'IMPORT_FILE_SIZE',
    );
  }
  if (start.size > maxImportBytes) {
    throw new ValidationError(
      `An import file may be at most ${maxImportBytes} bytes`,
      { size: start.size },
      'IMPORT_FILE_TOO_LARGE',
    );
  }
  if (start.size === 0) throw new ValidationError('The file is empty', undefined, 'IMPORT_FILE_EMPTY');
  if (record.format === 'xlsx' && !isZip(start.start)) {
    throw new ValidationError('The file is not an XLSX workbook', { format: 'xlsx' }, 'IMPORT_FILE_NOT_XLSX');
  }
  if (record.format === 'csv' && isZip(start.start)) {
    throw new ValidationError(
      'This is an XLSX file, not CSV: start an import with format xlsx',
      { format: 'csv' },
      'IMPORT_FORMAT_MISMATCH',
    );
  }
  return advance(caller, record, 'awaiting_upload', { status: 'validating' }, clock);
}

/**
 * Applies a previewed import: the processor creates and updates its rows in chunks (status
 * `committing`, then `committed`). With row errors in the preview: 409 IMPORT_HAS_ERRORS unless
 * `skipInvalidRows`, which applies exactly the valid rows (the preview holds only those) and lists
 * the rows left out, with their problems, in the summary. IMPORT_STATE when it is not previewed (a
 * second commit, with or without the option).
 */
export async function commitImport(
  caller: StaffCaller,
  importId: string,
  options: { skipInvalidRows?: boolean } = {},
  clock: Clock = systemClock,
) {
  const record = await requireOwnImport(caller, importId);
  const invalid = record.preview?.invalid ?? 0;
  const skipping = options.skipInvalidRows === true && invalid > 0;
  if (record.status === 'previewed' && invalid > 0 && !skipping) {
    throw new ConflictError(
      `${invalid} rows have errors: correct the file and import it again, or commit with skipInvalidRows to leave them out`,
      { errors: record.preview?.errors },
      'IMPORT_HAS_ERRORS',
    );
  }
  await requireImporter(caller, record.kind);
  const rows = record.preview?.rows ?? 0;
  return advance(
    caller,
    record,
    'previewed',
    {
      status: 'committing',
      progress: { rowsApplied: 0, rowsTotal: rows - (skipping ? invalid : 0) },
      ...(skipping
        ? {
            skipInvalidRows: true,
            summary: {
              created: 0,
              updated: 0,
              skipped: 0,
              failed: 0,
              failures: [],
              invalidSkipped: invalid,
              invalidRows: invalidRowsOf(record.preview?.errors ?? []),
            },
          }
        : {}),
    },
    clock,
  );
}

/** The row errors of a preview grouped by row, in row order: the rows a commit leaves out. */
function invalidRowsOf(errors: readonly { row: number; column: string; problem: string }[]) {
  const byRow = new Map<number, { column: string; problem: string }[]>();
  for (const { row, column, problem } of errors) {
    const problems = byRow.get(row) ?? [];
    problems.push({ column, problem });
    byRow.set(row, problems);
  }
  return [...byRow].sort(([a], [b]) => a - b).map(([row, problems]) => ({ row, problems }));
}
