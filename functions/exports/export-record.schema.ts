import * as z from 'zod/mini';
import { exportFormats, exportReports, exportStatuses } from './export-record';
import { exportLayouts } from './export-template';

/**
 * The Export record (docs/data-model.md EXP-1, EXP-2): what was asked (report, its query and
 * resolved columns, format), by whom, and how far the worker got (the report's cursor, the rows and
 * segments written). `version` counts each step, so a worker step whose change is not the
 * record's latest does nothing (a retried or replayed stream record).
 */
export const exportRecordSchema = z.object({
  entity: z.literal('Export'),
  version: z.number(),
  id: z.string(),
  accountId: z.string(),
  report: z.enum(exportReports),
  format: z.enum(exportFormats),
  /** The import template's columns instead of the report's (jobs and incidents); absent: the report's. */
  layout: z.optional(z.enum(exportLayouts)),
  /** The report's query as given (strings, as a GET report's parameters), without paging. */
  query: z.record(z.string(), z.string()),
  /** The file's columns (a template-layout export: the template's, set by its first chunk). */
  columns: z.array(z.string()),
  requestedBy: z.string(),
  /** The requester's groups from their token, which the report's caller carries. */
  requestedByGroups: z.array(z.string()),
  status: z.enum(exportStatuses),
  rowsWritten: z.number(),
  /** Chunks done so far (each one invocation of the worker). */
  chunks: z.number(),
  /** Segment files written (a chunk that found no rows writes none). */
  segments: z.number(),
  /** Where the report goes on; absent before the first chunk and after the last page. */
  cursor: z.optional(z.string()),
  /** Every page has been read: the next step joins the segments into the file. */
  pagesDone: z.optional(z.boolean()),
  failureReason: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.optional(z.string()),
});
export type ExportRecord = z.infer<typeof exportRecordSchema>;
