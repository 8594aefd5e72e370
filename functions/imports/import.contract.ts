import * as z from 'zod/mini';
import { component, defineRoute, describedId, documented } from '#shared/contract';
import { importFormats, importRecordSchema } from './import.schema';
import { maxImportBytes } from './import-limits';
import { importKinds } from './import-template';

export { type ImportRecord, importRecordSchema } from './import.schema';

const importParams = z.strictObject({ importId: describedId('The import (from POST /imports)') });

export const importTemplate = defineRoute({
  method: 'GET',
  path: '/imports/templates/{kind}',
  auth: 'staff',
  operationId: 'getImportTemplate',
  summary: 'The import template of jobs or incidents (CSV or XLSX): its header row',
  tags: ['imports'],
  params: z.strictObject({ kind: z.enum(importKinds) }),
  query: z.strictObject({
    format: documented(z.optional(z.enum(importFormats)), { description: 'csv unless given' }),
  }),
  responses: { 200: { description: 'The template file' } },
});

export const startImportBody = component(
  'StartImport',
  z.strictObject({
    kind: z.enum(importKinds),
    format: z.enum(importFormats),
    /** The file's exact size in bytes: the upload URL is signed for it. */
    size: documented(
      z.int().check(z.gte(1), z.lte(maxImportBytes, `an import file may be at most ${maxImportBytes} bytes`)),
      {
        description: "The file's exact size in bytes",
      },
    ),
    createExternalUsers: documented(z.optional(z.boolean()), {
      description: 'Unknown External Users addresses create external users (else row errors)',
    }),
  }),
);

const signedUpload = z.object({
  url: z.string(),
  method: z.literal('PUT'),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.string(),
});

export const startImport = defineRoute({
  method: 'POST',
  path: '/imports',
  auth: 'staff',
  operationId: 'startImport',
  summary: 'Start an import of jobs or incidents: the import and a presigned PUT for its file',
  tags: ['imports'],
  body: startImportBody,
  responses: {
    201: {
      description: 'The import and its upload',
      schema: component('StartedImport', z.object({ import: importRecordSchema, upload: signedUpload })),
    },
  },
});

export const getImport = defineRoute({
  method: 'GET',
  path: '/imports/{importId}',
  auth: 'staff',
  operationId: 'getImport',
  summary: 'An import the caller started: status, preview, progress and summary',
  tags: ['imports'],
  params: importParams,
  responses: { 200: { description: 'The import', schema: importRecordSchema } },
});

export const validateImport = defineRoute({
  method: 'POST',
  path: '/imports/{importId}/validate',
  auth: 'staff',
  operationId: 'validateImport',
  summary: 'Validate the uploaded file into a preview (validating, then previewed or rejected)',
  tags: ['imports'],
  params: importParams,
  bodyOptional: true,
  body: z.optional(z.strictObject({})),
  responses: { 202: { description: 'The import, validating', schema: importRecordSchema } },
});

export const commitImport = defineRoute({
  method: 'POST',
  path: '/imports/{importId}/commit',
  auth: 'staff',
  operationId: 'commitImport',
  summary:
    'Apply a previewed import in chunks (committing, then committed): refused while rows have errors unless skipInvalidRows',
  tags: ['imports'],
  params: importParams,
  bodyOptional: true,
  body: z.optional(
    component(
      'CommitImport',
      z.strictObject({
        skipInvalidRows: documented(z.optional(z.boolean()), {
          description:
            'Apply only the valid rows and leave out the rows with errors (listed in the summary); without it, an import with row errors is refused (409 IMPORT_HAS_ERRORS)',
        }),
      }),
    ),
  ),
  responses: { 202: { description: 'The import, committing', schema: importRecordSchema } },
});
