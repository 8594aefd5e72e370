import { describe, expect, it } from 'vitest';
import { type Budget, budgets, evaluateBudgets } from '../../bench/budgets';
import { compareResults } from '../../bench/compare';
import type { OperationResult } from '../../bench/measure';
import type { BenchResults } from '../../bench/results';
import { roundsOf, sequenceText } from '../../bench/rounds';

describe('rounds of requests', () => {
  it('puts overlapping requests in one round and a request sent after an answer in the next', () => {
    // BatchGetItem ∥ Query, then BatchGetItem ∥ PutItem once both answered.
    const spans = [
      { start: 0, end: 30 },
      { start: 1, end: 25 },
      { start: 31, end: 60 },
      { start: 32, end: 55 },
    ];
    const rounds = roundsOf(spans);
    expect(rounds).toEqual([1, 1, 2, 2]);
    expect(sequenceText(['BatchGetItem', 'Query', 'BatchGetItem', 'PutItem'], rounds)).toBe(
      'BatchGetItem ∥ Query → BatchGetItem ∥ PutItem',
    );
  });

  it('counts the longest chain: a request waiting on a short one while a long one still runs is a round later', () => {
    expect(
      roundsOf([
        { start: 0, end: 100 },
        { start: 0, end: 10 },
        { start: 11, end: 20 },
      ]),
    ).toEqual([1, 1, 2]);
  });
});

const operation = (name: string, wru: number, lines: Partial<OperationResult['requestPath']> = {}): OperationResult => {
  const side = {
    requests: 1,
    rounds: 1,
    sequence: 'TransactWriteItems',
    rru: 0,
    wru,
    wruByTarget: {},
    itemsRead: 5,
    itemsReturned: 0,
    bytesRead: 1000,
    bytesWritten: 600,
    scans: 0,
    lines: [],
    ...lines,
  };
  return {
    name,
    route: 'PUT /x',
    status: 'measured',
    requestPath: side,
    stream: { ...side, records: 2, delivered: 1 },
    notes: [],
  };
};

function results(operations: OperationResult[], bundleBytes = 200_000): Omit<BenchResults, 'budgets'> {
  return {
    format: 1,
    generatedAt: '2026-01-01T00:00:00Z',
    node: '20',
    mode: 'check',
    settings: { soakAutosaves: 0, latencySamples: 0, loadSamples: 0 },
    operations,
    session: {
      apiRequests: 21,
      requestPath: { requests: 21, rru: 1, wru: 10 },
      stream: { records: 40, delivered: 20, requests: 80, rru: 20, wru: 200 },
      steps: [],
    },
    cost: { sessions: 1000, lines: [], total: 0.3 },
    bundles: [{ entry: 'functions/a.handler.ts', bytes: bundleBytes, ownBytes: 30_000 }],
  };
}

describe('comparison with the checked-in results', () => {
  it('flags a grown deterministic figure as a regression and a smaller one as an improvement', () => {
    const before = results([operation('autosave (new answer)', 14)]);
    const after = results([operation('autosave (new answer)', 4)], 200_001);
    const comparison = compareResults(before, after);
    expect(comparison.improvements).toContainEqual({ figure: 'autosave (new answer) · WRU', before: 14, after: 4 });
    expect(comparison.regressions).toEqual([
      { figure: 'bundle functions/a.handler.ts · bytes', before: 200_000, after: 200_001 },
    ]);
  });

  it('lets item bytes drift within 2% (number sizes vary with trailing zeroes) but not beyond', () => {
    const before = results([operation('comment', 14, { bytesWritten: 1000 })]);
    expect(compareResults(before, results([operation('comment', 14, { bytesWritten: 1015 })])).regressions).toEqual([]);
    const grown = compareResults(before, results([operation('comment', 14, { bytesWritten: 1030 })]));
    expect(grown.regressions.map((r) => r.figure)).toContain('comment · bytes written');
  });

  it('reports added and removed figures without failing on them', () => {
    const comparison = compareResults(results([operation('a', 1)]), results([operation('b', 1)]));
    expect(comparison.regressions).toEqual([]);
    expect(comparison.added.length).toBeGreaterThan(0);
    expect(comparison.removed.length).toBeGreaterThan(0);
  });
});

describe('budgets', () => {
  it('enforces no budget that is measured by timing', () => {
    expect(budgets.filter((b: Budget) => b.timing && b.enforced)).toEqual([]);
  });

  it('reports an enforced budget that is not met as not met and enforced, so the check fails', () => {
    const statuses = evaluateBudgets(
      results([operation('autosave (new answer)', 14), operation('autosave (changed answer)', 14)]),
    );
    expect(statuses.find((b) => b.id === 'autosave-wru')).toMatchObject({
      met: false,
      enforced: true,
      measured: '14 WRU',
    });
    expect(statuses.find((b) => b.id === 'autosave-round-trip')).toMatchObject({ met: true, enforced: true });
  });

  it('reports an unmet budget that is not enforced as not met, without failing the check', () => {
    const statuses = evaluateBudgets(results([operation('autosave (new answer)', 4)]));
    expect(statuses.find((b) => b.id === 'session-cost')).toMatchObject({
      met: false,
      enforced: false,
      measured: '$0.3000',
    });
  });
});
