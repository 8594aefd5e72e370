import { describe, expect, it } from 'vitest';
import { evaluateBudgets } from '../../bench/budgets';
import { compareResults } from '../../bench/compare';
import { type ExportFigures, rowsPerSegment, workerInvocationsOf } from '../../bench/export-figures';
import type { OperationResult, RequestLine } from '../../bench/measure';
import type { BenchResults } from '../../bench/results';

const line = (operation: string, itemsRead: number, itemsReturned: number, round = 1): RequestLine => ({
  round,
  operation,
  rru: 0.5,
  wru: 0,
  itemsRead,
  itemsReturned,
  detail: [],
});

const operation = (name: string, lines: RequestLine[], exported?: ExportFigures): OperationResult => {
  const side = {
    requests: lines.length,
    rounds: Math.max(1, ...lines.map((l) => l.round)),
    sequence: lines.map((l) => l.operation).join(' → '),
    rru: 1,
    wru: 0,
    wruByTarget: {},
    itemsRead: lines.reduce((sum, l) => sum + l.itemsRead, 0),
    itemsReturned: lines.reduce((sum, l) => sum + l.itemsReturned, 0),
    bytesRead: 1000,
    bytesWritten: 0,
    scans: 0,
    lines,
  };
  return {
    name,
    route: 'GET /reports/jobs',
    status: 'measured',
    requestPath: side,
    stream: { ...side, records: 0, delivered: 0 },
    ...(exported ? { export: exported } : {}),
    notes: [],
  };
};

const results = (operations: OperationResult[]): Omit<BenchResults, 'budgets'> => ({
  format: 1,
  generatedAt: '2026-01-01T00:00:00Z',
  node: '20',
  mode: 'check',
  settings: { soakAutosaves: 0, latencySamples: 0, loadSamples: 0 },
  operations,
  session: {
    apiRequests: 0,
    requestPath: { requests: 0, rru: 0, wru: 0 },
    stream: { records: 0, delivered: 0, requests: 0, rru: 0, wru: 0 },
    steps: [],
  },
  cost: { sessions: 1000, lines: [], total: 0 },
  bundles: [],
});

const jobsReport = 'report page: jobs, external-user columns, status';
const budgetOf = (operations: OperationResult[], name: string) =>
  evaluateBudgets(results(operations)).find((b) => b.id === `list-page: ${name}`);

describe('report page budgets', () => {
  it('holds a report page to the list budget, counting its one Query and not the reads by key its columns need', () => {
    const page = operation(jobsReport, [line('Query', 25, 25), line('BatchGetItem', 40, 40, 2)]);
    expect(budgetOf([page], jobsReport)).toMatchObject({
      met: true,
      enforced: true,
      measured: '1 Query, read/returned 1.00',
    });
  });

  it('fails the enforced budget of a report page that takes two Queries or reads more than 1.25 per row', () => {
    const twoQueries = operation(jobsReport, [line('Query', 25, 25), line('Query', 10, 10, 2)]);
    expect(budgetOf([twoQueries], jobsReport)).toMatchObject({ met: false, enforced: true });
    const filtered = operation('report page: audit', [line('Query', 50, 30)]);
    expect(budgetOf([filtered], 'report page: audit')).toMatchObject({
      met: false,
      enforced: true,
      measured: '1 Query, read/returned 1.67',
    });
  });
});

describe('export figures', () => {
  it('counts one worker invocation per chunk and one that joins the segments into the file', () => {
    expect(workerInvocationsOf(2)).toBe(3);
    expect(workerInvocationsOf(0)).toBe(1);
  });

  it('gives the rows a segment held on average, rounded up, and 0 for an export that wrote no segment', () => {
    expect(rowsPerSegment(10_000, 2)).toBe(5000);
    expect(rowsPerSegment(10_000, 3)).toBe(3334);
    expect(rowsPerSegment(0, 0)).toBe(0);
  });

  const figures = (over: Partial<ExportFigures> = {}): ExportFigures => ({
    rows: 10_000,
    chunks: 2,
    segments: 2,
    workerInvocations: 3,
    s3BytesWritten: 2_000_000,
    fileBytes: 1_000_000,
    peakHeapGrowthMb: 40,
    ...over,
  });
  const exported = (over: Partial<ExportFigures> = {}) =>
    results([operation('export of 10,000 rows', [line('PutItem', 0, 0)], figures(over))]);

  it('flags more chunks or more than 2% more bytes to S3 as regressions, and never compares the heap', () => {
    const before = exported();
    expect(compareResults(before, exported({ s3BytesWritten: 2_030_000, peakHeapGrowthMb: 400 })).regressions).toEqual(
      [],
    );
    const grown = compareResults(before, exported({ chunks: 3, workerInvocations: 4, s3BytesWritten: 2_100_000 }));
    expect(grown.regressions.map((r) => r.figure)).toEqual([
      'export of 10,000 rows · export chunks',
      'export of 10,000 rows · export worker invocations',
      'export of 10,000 rows · export S3 bytes written',
    ]);
  });
});
