/*
 * The export scenario's figures and their arithmetic (bench/export-scenario.ts measures them).
 */

/** What the background worker did for one export, beside the DynamoDB figures of its operation. */
export interface ExportFigures {
  rows: number;
  /** Chunks the worker wrote (each one invocation, one segment at most). */
  chunks: number;
  segments: number;
  /** Worker invocations: one per chunk and one joining the segments into the file. */
  workerInvocations: number;
  /** Bytes put to the exports bucket: the segments and the file. */
  s3BytesWritten: number;
  fileBytes: number;
  /**
   * The most the bench process's heap grew over its size before the export, sampled every 20 ms
   * (the worker runs in the bench's process, beside the API handlers and the stream consumer: an
   * upper bound of the worker's, not the worker alone). A timing-like figure: reported only.
   */
  peakHeapGrowthMb: number;
}

/** Worker invocations of an export: one per chunk, and one that joins the segments into the file. */
export const workerInvocationsOf = (chunks: number) => chunks + 1;

/**
 * Rows a segment held on average, rounded up: the export's rows over its segments (0 when it wrote
 * none). Segments, not chunks: a chunk that finds no more rows (the last page ended exactly at
 * the end) writes no segment.
 */
export const rowsPerSegment = (rows: number, segments: number) => (segments === 0 ? 0 : Math.ceil(rows / segments));
