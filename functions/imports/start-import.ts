import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import { importFileObject } from '#shared/data/keys';
import { presignUpload } from '#shared/file-store';
import type { StaffCaller } from '#shared/http';
import type { ImportRecord } from './import.schema';
import { insertImport } from './import-repository';
import { expiryOf, importContentTypes, requireImporter } from './import-service';
import type { ImportKind } from './import-template';

// Starting an import lives apart from import-service.ts: it is the one imports route that signs an
// upload (S3 PutObject), and the bundle-size test tells the routes that do by this file.

/** Starts an import: its record, and a presigned PUT of exactly `size` bytes (≤ 10 MB) of the format's type. */
export async function startImport(
  caller: StaffCaller,
  body: { kind: ImportKind; format: 'csv' | 'xlsx'; size: number; createExternalUsers?: boolean | undefined },
  clock: Clock = systemClock,
) {
  const actor = await requireImporter(caller, body.kind);
  const now = clock();
  const record: ImportRecord = {
    id: randomUUID(),
    kind: body.kind,
    format: body.format,
    createExternalUsers: body.createExternalUsers ?? false,
    size: body.size,
    status: 'awaiting_upload',
    version: 1,
    createdBy: actor.userId,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await insertImport(caller.accountId, record, expiryOf(now));
  const upload = await presignUpload(importFileObject(caller.accountId, record.id), {
    contentType: importContentTypes[body.format],
    size: body.size,
  });
  return { import: record, upload };
}
