import type { BundleSize, ModuleLoad } from './bundles';
import type { CostResult } from './cost';
import type { LatencyLevel, SoakResult } from './load';
import type { OperationResult, Side } from './measure';

/** A session step as results.json keeps it: the figures without the per-request detail. */
export interface SessionStep {
  name: string;
  requestPath: Omit<Side, 'lines' | 'wruByTarget'>;
  stream: Omit<Side, 'lines' | 'wruByTarget'> & { records: number; delivered: number };
  /** The feed log's share of the stream side (bench/measure.ts `feedLogWork`). */
  feedLog?: { entries: number; wru: number; rru: number };
}

/** Everything one bench run measured: bench/results.json. */
export interface BenchResults {
  /** Bumped when the shape changes, so a comparison with an older file says so instead of misreading it. */
  format: 1;
  generatedAt: string;
  node: string;
  /** `npm run bench` (everything) or `--check` (the deterministic part only). */
  mode: 'full' | 'check';
  settings: { soakAutosaves: number; latencySamples: number; loadSamples: number };
  operations: OperationResult[];
  session: {
    apiRequests: number;
    requestPath: { requests: number; rru: number; wru: number };
    stream: { records: number; delivered: number; requests: number; rru: number; wru: number };
    steps: SessionStep[];
  };
  cost: CostResult;
  bundles: BundleSize[];
  /** Timings: reported, never compared or asserted. Absent in --check. */
  moduleLoad?: ModuleLoad[];
  latency?: LatencyLevel[];
  soak?: SoakResult;
  budgets: BudgetStatus[];
}

export interface BudgetStatus {
  id: string;
  measure: string;
  limit: string;
  measured: string;
  met: boolean;
  enforced: boolean;
  /** Timing budgets are reported only. */
  timing: boolean;
}
