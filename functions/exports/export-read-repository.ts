import { exportRecord } from '#shared/data/keys';
import { getItem } from '#shared/data/table';
import type { ExportRecord } from './export-record';
import { exportRecordSchema } from './export-record.schema';

// The read of an export (docs/data-model.md EXP-2), apart from the writes so that starting an
// export does not carry the record's schema.

/** EXP-2: one export, read strongly consistent (the worker compares it with the change it got). */
export function readExport(accountId: string, exportId: string): Promise<ExportRecord | undefined> {
  return getItem(exportRecord(accountId, exportId), exportRecordSchema);
}
