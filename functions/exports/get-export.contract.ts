import * as z from 'zod/mini';
import { component, defineRoute, describedId } from '#shared/contract';
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
