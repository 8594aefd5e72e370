import * as z from 'zod/mini';
import { component } from '#shared/contract';
import { importKinds } from './import-template';

/** The file formats an import reads. */
export const importFormats = ['csv', 'xlsx'] as const;

/**
 * An import's states: waiting for its file; `validating` (the processor reads and checks it);
 * `rejected` (the file cannot be imported at all: `error` says why); `previewed` (the preview is
 * ready, nothing written yet); `committing` (rows applied chunk by chunk); `committed`.
 */
export const importStatuses = [
  'awaiting_upload',
  'validating',
  'rejected',
  'previewed',
  'committing',
  'committed',
] as const;

/** The most row errors, failures and new external users a record lists (the counts are whole). */
export const maxListed = 100;

const rowError = z.object({ row: z.int(), column: z.string(), problem: z.string() });
const invalidRow = z.object({
  row: z.int(),
  problems: z.array(z.object({ column: z.string(), problem: z.string() })),
});

/** An import as stored and as `GET /imports/{importId}` shows it. */
export const importRecordSchema = component(
  'Import',
  z.object({
    id: z.string(),
    kind: z.enum(importKinds),
    format: z.enum(importFormats),
    /** Unknown addresses in External Users create external users (true) or are row errors (false). */
    createExternalUsers: z.boolean(),
    /** The file's size in bytes, as started: the upload URL is signed for it, and validation checks it. */
    size: z.int(),
    status: z.enum(importStatuses),
    /** The commit was asked to leave out the rows with errors (`POST /imports/{id}/commit` `skipInvalidRows`). */
    skipInvalidRows: z.optional(z.boolean()),
    /** Why the file was rejected: a stable code, a message, details naming what. */
    error: z.optional(z.object({ code: z.string(), message: z.string(), details: z.optional(z.unknown()) })),
    preview: z.optional(
      z.object({
        rows: z.int(),
        create: z.int(),
        update: z.int(),
        skip: z.int(),
        /** Rows with errors: none of them is applied. */
        invalid: z.int(),
        /** The first 100 row errors, by row. */
        errors: z.array(rowError),
        /** The external users the commit would create (the first 100 addresses) and their number. */
        externalUsersToCreate: z.array(z.string()),
        externalUsersToCreateCount: z.int(),
      }),
    ),
    progress: z.optional(
      z.object({
        /** Rows of the preview applied (created, updated, skipped or failed) so far. */
        rowsApplied: z.int(),
        rowsTotal: z.int(),
      }),
    ),
    summary: z.optional(
      z.object({
        created: z.int(),
        updated: z.int(),
        skipped: z.int(),
        failed: z.int(),
        /** The first 100 rows that failed at commit, and why. */
        failures: z.array(z.object({ row: z.int(), reason: z.string() })),
        /** Rows with errors left out by a commit with `skipInvalidRows` (the preview's `invalid`). */
        invalidSkipped: z.optional(z.int()),
        /** Those rows (as far as the preview's first 100 errors name them), each with its problems. */
        invalidRows: z.optional(z.array(invalidRow)),
      }),
    ),
    version: z.int(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
export type ImportRecord = z.infer<typeof importRecordSchema>;
