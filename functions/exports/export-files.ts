import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { requireEnv } from '#shared/env';
import { type Cell, neutralisedCell } from '../reports/report-csv';
import type { ExportFormat } from './export-record';

/*
 * The export's files in the exports bucket: each chunk's rows as a segment (JSON lines, one row's
 * cells per line), and at the end the file, streamed from the segments through csv-stringify or
 * exceljs's streaming writer into a multipart upload (@aws-sdk/lib-storage). Neither step holds
 * more than a chunk's rows, or an upload part or two, in memory. The segments are left to the
 * bucket's lifecycle (deleted with the file after the retention days).
 */
const bucket = requireEnv('EXPORTS_BUCKET');
const s3 = new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' });

/** Writes one chunk's rows (cells in the export's column order) as a segment. */
export async function writeSegment(key: string, rows: readonly Cell[][]): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: rows.map((cells) => JSON.stringify(cells)).join('\n'),
      ContentType: 'application/x-ndjson',
    }),
  );
}

/** The rows of the segments, in order, one line at a time. */
async function* segmentRows(keys: readonly string[]): AsyncGenerator<Cell[]> {
  for (const key of keys) {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!Body) throw new Error('An export segment has no body');
    for await (const line of createInterface({ input: Body as Readable, crlfDelay: Number.POSITIVE_INFINITY })) {
      if (line.length > 0) yield JSON.parse(line) as Cell[];
    }
  }
}

/** An XLSX cell: numbers and flags as they are, nothing empty, text (lists joined) neutralised as in CSV. */
const xlsxCell = (value: Cell) =>
  value === null ? null : typeof value === 'number' || typeof value === 'boolean' ? value : neutralisedCell(value);

/** Waits for a stream's 'drain' when its buffer is full (backpressure). */
async function written(stream: NodeJS.WritableStream, ok: boolean) {
  if (!ok) await once(stream, 'drain');
}

export const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Writes the export's file at `key` from its segments: a header row of the columns, then every
 * row. CSV: UTF-8 with a BOM, CRLF, every cell neutralised (report-csv.ts). XLSX: one worksheet,
 * numbers and flags typed, text neutralised the same way. Streamed: a multipart upload of 5 MB
 * parts, at most two in flight.
 */
export async function writeExportFile(
  key: string,
  format: ExportFormat,
  sheetName: string,
  columns: readonly string[],
  segmentKeys: readonly string[],
): Promise<void> {
  const body = new PassThrough();
  const upload = new Upload({
    client: s3,
    params: { Bucket: bucket, Key: key, Body: body, ContentType: contentTypes[format] },
    partSize: 5 * 1024 * 1024,
    queueSize: 2,
  });
  const uploaded = upload.done();
  // A failed upload must not leave the writer waiting on a stream nobody reads.
  uploaded.catch(() => body.destroy());
  if (format === 'csv') {
    const csv = stringify({ bom: true, record_delimiter: 'windows' });
    csv.pipe(body);
    await written(csv, csv.write(columns.map((name) => neutralisedCell(name))));
    for await (const cells of segmentRows(segmentKeys)) await written(csv, csv.write(cells.map(neutralisedCell)));
    csv.end();
  } else {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: body,
      useSharedStrings: false,
      useStyles: false,
    });
    const sheet = workbook.addWorksheet(sheetName);
    sheet.addRow(columns.map((name) => neutralisedCell(name))).commit();
    for await (const cells of segmentRows(segmentKeys)) sheet.addRow(cells.map(xlsxCell)).commit();
    sheet.commit();
    await workbook.commit();
  }
  await uploaded;
}
