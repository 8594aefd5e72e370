import { exportFileObject, exportSegmentObject } from '#shared/data/keys';
import { type Email, noticeEmail, type SendEmail } from '#shared/email';
import { AppError } from '#shared/errors';
import { logger } from '#shared/logger';
import { type CountMetric, countMetric } from '#shared/metrics';
import type { StreamChange } from '#shared/stream-change';
import type { Cell } from '../reports/report-csv';
import { findStaffUser } from '../staff/staff-repository';
import { writeExportFile, writeSegment } from './export-files';
import { readExport } from './export-read-repository';
import type { ExportRecord } from './export-record';
import { reportPage } from './export-report';
import { advanceExport } from './export-repository';
import type { TemplateLayout } from './export-template';

/**
 * A chunk: at most this many report pages of `exportPageRows` rows, and no page begun after
 * `chunkBudgetMs`; then the chunk's rows are written as a segment and the progress on the record,
 * whose MODIFY brings the next chunk. So an invocation holds at most 5,000 rows, and none nears
 * the worker's timeout.
 */
export const exportChunkPages = 5;
export const exportPageRows = 1000;
const chunkBudgetMs = 60_000;

export interface ExportProcessorDeps {
  sendEmail: SendEmail;
  /** The API's base URL: the e-mail links to GET /exports/{id}, which signs a fresh download. */
  apiUrl: string;
  /** The import template's layout (the imports capability's), for `layout: 'template'` exports. */
  template?: TemplateLayout;
  now?: () => Date;
  /** Counts `ExportDone` and `ExportFailed` (docs/operations.md). */
  count?: CountMetric;
}

/** The export a change is about, if it is the record's latest state and still has work. */
async function currentExport(change: Pick<StreamChange, 'newImage'>): Promise<ExportRecord | undefined> {
  const image = change.newImage as Partial<ExportRecord> | undefined;
  if (!image?.accountId || !image.id) return undefined;
  const record = await readExport(image.accountId, image.id);
  if (!record || record.version !== image.version) return undefined;
  return record.status === 'queued' || record.status === 'running' ? record : undefined;
}

/** The template layout of a template-layout export (never of the audit report). */
function templateOf(record: ExportRecord, deps: ExportProcessorDeps) {
  if (record.layout !== 'template') return undefined;
  if (record.report === 'audit' || !deps.template) throw new Error('No template layout for this export');
  return { layout: deps.template, report: record.report };
}

/** Reads the next chunk of the report and writes it as a segment; answers the progress to record. */
async function writeChunk(record: ExportRecord, started: number, deps: ExportProcessorDeps, now: () => Date) {
  const caller = { accountId: record.accountId, userId: record.requestedBy, groups: record.requestedByGroups };
  const template = templateOf(record, deps);
  const columns = template ? template.layout.columns(template.report) : record.columns;
  const readColumns = template ? template.layout.sourceColumns(template.report) : record.columns;
  const query = { ...record.query, columns: readColumns.join(',') };
  const rows: Cell[][] = [];
  let cursor = record.cursor;
  let pages = 0;
  do {
    const page = await reportPage(record.report, caller, query, { limit: exportPageRows, cursor });
    if (template) rows.push(...(await template.layout.rows(template.report, record.accountId, page.rows)));
    else for (const row of page.rows) rows.push(columns.map((name) => row[name] ?? null));
    cursor = page.cursor;
    pages += 1;
  } while (cursor && pages < exportChunkPages && now().getTime() - started < chunkBudgetMs);
  const segments = rows.length > 0 ? record.segments + 1 : record.segments;
  if (rows.length > 0) await writeSegment(exportSegmentObject(record.accountId, record.id, segments), rows);
  return {
    status: 'running' as const,
    columns: [...columns],
    cursor,
    pagesDone: cursor === undefined,
    rowsWritten: record.rowsWritten + rows.length,
    chunks: record.chunks + 1,
    segments,
  };
}

/** The e-mail to the requester: ready (or failed, with the reason), linking to the export's status. */
async function tell(record: ExportRecord, deps: ExportProcessorDeps, outcome: { failed?: string; rows: number }) {
  const user = await findStaffUser(record.accountId, record.requestedBy);
  if (!user) return;
  const email: Email = noticeEmail({
    to: user.email,
    subject: outcome.failed ? `Your ${record.report} export failed` : `Your ${record.report} export is ready`,
    paragraphs: outcome.failed
      ? [`The ${record.format.toUpperCase()} export of the ${record.report} report could not be written.`]
      : [
          `The ${record.format.toUpperCase()} export of the ${record.report} report is ready. Open it to get a download link (each link works for 15 minutes; the file is kept for 7 days).`,
        ],
    facts: [
      ['Rows', String(outcome.rows)],
      ['Reason', outcome.failed],
    ],
    link: {
      text: 'Open the export',
      url: `${deps.apiUrl.replace(/\/$/, '')}/exports/${encodeURIComponent(record.id)}`,
    },
  });
  email.recipient = { accountId: record.accountId, kind: 'staff', id: record.requestedBy };
  try {
    await deps.sendEmail(email);
  } catch (error) {
    // The record says what happened; a refused e-mail must not redo the export.
    logger.error('Export e-mail not sent', { exportId: record.id, error: error as Error });
  }
}

/**
 * The export processor of the background worker: one step per change of an Export record. A
 * step either writes the next chunk of rows (a segment) or, once every page is read, joins the
 * segments into the file (CSV or XLSX), marks the export done and e-mails the requester. A change
 * that is not the record's latest (a retry, a replay) does nothing; the progress write is
 * conditional on the version read, so two deliveries never both advance it. A step that fails
 * marks the export failed, with a reason a person can read, and e-mails that.
 */
export function exportProcessor(deps: ExportProcessorDeps) {
  const now = deps.now ?? (() => new Date());
  const count = deps.count ?? countMetric;
  return async (change: Pick<StreamChange, 'newImage'>): Promise<void> => {
    const record = await currentExport(change);
    if (!record) return;
    const started = now().getTime();
    try {
      if (!record.pagesDone) {
        await advanceExport(record, await writeChunk(record, started, deps, now));
        return;
      }
      const segmentKeys = Array.from({ length: record.segments }, (_, i) =>
        exportSegmentObject(record.accountId, record.id, i + 1),
      );
      await writeExportFile(
        exportFileObject(record.accountId, record.id, record.format),
        record.format,
        record.report,
        record.columns,
        segmentKeys,
      );
      if (await advanceExport(record, { status: 'done', cursor: undefined, finishedAt: now().toISOString() })) {
        count('ExportDone', { report: record.report, format: record.format });
        await tell(record, deps, { rows: record.rowsWritten });
      }
    } catch (error) {
      const reason =
        error instanceof AppError ? error.message : 'The export could not be written; start it again, or ask support';
      logger.error('Export failed', { exportId: record.id, error: error as Error });
      if (await advanceExport(record, { status: 'failed', failureReason: reason, finishedAt: now().toISOString() })) {
        count('ExportFailed', { report: record.report, format: record.format });
        await tell(record, deps, { failed: reason, rows: record.rowsWritten });
      }
    }
  };
}
