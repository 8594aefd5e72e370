import type { BenchResults } from './results';

/*
 * Compares the deterministic figures of two bench runs: requests, rounds, capacity units, items
 * read, stream records, item and bundle bytes, and the session cost that follows from them. For
 * each, more is worse. Timings are never compared.
 */

/** How much a figure may grow before it counts as a regression. */
export const tolerances = {
  /**
   * Item bytes vary by a few bytes from run to run: a number's size depends on its trailing
   * zeroes, and times and TTLs are numbers. 2% is far above that noise and far below a real change.
   */
  itemBytes: 0.02,
  /** Everything else (requests, units, bundle bytes …) is exact. */
  exact: 0,
} as const;

type Kind = keyof typeof tolerances;

/** Every deterministic figure of a run, by a stable name, with how it is compared. */
export function deterministicFigures(results: Pick<BenchResults, 'operations' | 'session' | 'bundles' | 'cost'>) {
  const figures = new Map<string, { value: number; kind: Kind }>();
  const put = (name: string, value: number | undefined, kind: Kind = 'exact') => {
    if (value !== undefined) figures.set(name, { value, kind });
  };
  for (const operation of results.operations) {
    const { requestPath: path, stream } = operation;
    if (!path || !stream) continue;
    const at = (part: string) => `${operation.name} · ${part}`;
    put(at('requests'), path.requests);
    put(at('rounds'), path.rounds);
    put(at('RRU'), path.rru);
    put(at('WRU'), path.wru);
    put(at('items read'), path.itemsRead);
    put(at('scans'), path.scans);
    put(at('bytes read'), path.bytesRead, 'itemBytes');
    put(at('bytes written'), path.bytesWritten, 'itemBytes');
    put(at('stream records'), stream.records);
    put(at('stream invocations'), stream.delivered);
    put(at('stream requests'), stream.requests);
    put(at('stream RRU'), stream.rru);
    put(at('stream WRU'), stream.wru);
    put(at('stream bytes written'), stream.bytesWritten, 'itemBytes');
    if (operation.export) {
      put(at('export chunks'), operation.export.chunks);
      put(at('export worker invocations'), operation.export.workerInvocations);
      put(at('export S3 bytes written'), operation.export.s3BytesWritten, 'itemBytes');
    }
  }
  put('session · API requests', results.session.apiRequests);
  put('session · requests', results.session.requestPath.requests);
  put('session · RRU', results.session.requestPath.rru);
  put('session · WRU', results.session.requestPath.wru);
  put('session · stream records', results.session.stream.records);
  put('session · stream invocations', results.session.stream.delivered);
  put('session · stream requests', results.session.stream.requests);
  put('session · stream RRU', results.session.stream.rru);
  put('session · stream WRU', results.session.stream.wru);
  put('cost per 1,000 sessions ($)', results.cost.total);
  for (const bundle of results.bundles) {
    put(`bundle ${bundle.entry} · bytes`, bundle.bytes);
    put(`bundle ${bundle.entry} · own bytes`, bundle.ownBytes);
  }
  return figures;
}

export interface Change {
  figure: string;
  before: number;
  after: number;
}

export interface Comparison {
  regressions: Change[];
  improvements: Change[];
  /** Figures only one of the runs has (an operation added, a bundle removed …): said, not failed. */
  added: string[];
  removed: string[];
}

/** What grew beyond its tolerance (regressions) and what shrank (improvements) from `before` to `after`. */
export function compareResults(
  before: Pick<BenchResults, 'operations' | 'session' | 'bundles' | 'cost'>,
  after: Pick<BenchResults, 'operations' | 'session' | 'bundles' | 'cost'>,
): Comparison {
  const old = deterministicFigures(before);
  const now = deterministicFigures(after);
  const comparison: Comparison = { regressions: [], improvements: [], added: [], removed: [] };
  for (const [figure, { value, kind }] of now) {
    const previous = old.get(figure);
    if (!previous) {
      comparison.added.push(figure);
      continue;
    }
    const allowed = previous.value * tolerances[kind];
    if (value > previous.value + allowed) comparison.regressions.push({ figure, before: previous.value, after: value });
    else if (value < previous.value - allowed)
      comparison.improvements.push({ figure, before: previous.value, after: value });
  }
  for (const figure of old.keys()) if (!now.has(figure)) comparison.removed.push(figure);
  return comparison;
}
