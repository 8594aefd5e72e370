import { exportIndexes, exportRecord } from '#shared/data/keys';
import { createItem, updateIf, updateWrite } from '#shared/data/table';
import { type ExportRecord, exportRetentionDays } from './export-record';

// The data access of exports (docs/data-model.md EXP-1, EXP-2).

/**
 * EXP-1: writes a new export (queued), kept as long as its file (TTL), with its place in its
 * requester's list of exports (EXP-6) in the same PutItem.
 */
export async function insertExport(record: ExportRecord): Promise<void> {
  const expiresAt = Math.floor(new Date(record.createdAt).getTime() / 1000) + exportRetentionDays * 24 * 3600;
  await createItem(
    {
      ...exportRecord(record.accountId, record.id),
      ...exportIndexes(record.accountId, record.requestedBy, record.createdAt, record.id),
      ...record,
      expiresAt,
    },
    'The export exists',
  );
}

/**
 * EXP-2: one step of the worker: sets `changes` (a field given `undefined` is removed) only while
 * the record is still at `version`, and counts the version on. False when the record moved on
 * (another delivery of the same change did this step already).
 */
export function advanceExport(
  record: Pick<ExportRecord, 'accountId' | 'id' | 'version'>,
  changes: Partial<Omit<ExportRecord, 'entity' | 'version' | 'id' | 'accountId'>>,
): Promise<boolean> {
  const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  const remove = Object.entries(changes)
    .filter(([, value]) => value === undefined)
    .map(([name]) => name);
  return updateIf(
    updateWrite(exportRecord(record.accountId, record.id), { set, remove, expect: { version: record.version } }),
  );
}
