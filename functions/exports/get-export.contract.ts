import * as z from 'zod/mini';
import { component, defineRoute, describedId, documented } from '#shared/contract';
import { exportFormats, exportStatuses } from './export-record';

const exportStatus = component(
  'Export',
  z.object({
    id: z.string(),
    report: z.string(),
    format: z.enum(exportFormats),
    status: z.enum(exportStatuses),
    rowsWritten: z.number(),
    columns: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** Past its retention (7 days): no download any more; DynamoDB's TTL deletes the record soon. */
    expired: z.boolean(),
    finishedAt: z.optional(z.string()),
    failureReason: z.optional(z.string()),
    download: z.optional(
      z.object({
        url: z.string(),
        expiresAt: z.string(),
      }),
    ),
  }),
  {
    description:
      'An export: its state, rows written so far and, when done, a download URL valid for 15 minutes (ask again for a new one)',
  },
);

export const getExport = defineRoute({
  method: 'GET',
  path: '/exports/{exportId}',
  auth: 'staff',
  operationId: 'getExport',
  summary: "An export's state and progress, and its file's download URL when done (only the requester's own exports)",
  tags: ['reports'],
  params: z.strictObject({ exportId: describedId('The export') }),
  responses: { 200: { description: 'The export', schema: exportStatus } },
});

export const listExports = defineRoute({
  method: 'GET',
  path: '/exports',
  auth: 'staff',
  operationId: 'listExports',
  summary:
    "The caller's own exports, newest first, one page: state and progress; a done export's download URL comes from GET /exports/{id}, which notes it for the audit trail",
  tags: ['reports'],
  query: z.strictObject({
    limit: documented(z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50))), {
      description: 'Exports per page (1–50, default 20)',
    }),
    cursor: documented(z.optional(z.string().check(z.maxLength(2048))), {
      description: 'The previous page’s cursor, to go on',
    }),
  }),
  responses: {
    200: {
      description: 'A page of the caller’s exports',
      schema: component('ExportList', z.object({ items: z.array(exportStatus), cursor: z.optional(z.string()) })),
    },
  },
});
