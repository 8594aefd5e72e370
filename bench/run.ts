/**
 * `npm run bench`: FieldPass's cost and cold-start figures, measured on the local stack.
 *
 *   npm run bench                        everything; writes bench/results.json and bench/results.md
 *   npm run bench -- --check             the deterministic part only (requests, units, bytes, cost);
 *                                        fails on a regression against the checked-in results or an
 *                                        enforced budget not met (bench/budgets.ts); writes nothing
 *   npm run bench -- --soak 500          a smaller soak (default 10000; FIELDPASS_BENCH_SOAK too)
 *   npm run bench -- --quick             small soak and samples, for a CI-sized full run
 *
 * docs/performance.md ("npm run bench") says what it measures and how to read the table.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../lib/repo-root';
import { evaluateBudgets } from './budgets';
import { bundleSizes, moduleLoads } from './bundles';
import { compareResults } from './compare';
import { costPer1000Sessions } from './cost';
import { measureLatencies, setUpLoad, soak } from './load';
import { measureOperations, notBuilt } from './operations';
import { renderMarkdown, renderReadmeSummary, withReadmeSummary } from './report';
import type { BenchResults } from './results';
import { startBenchStack } from './stack';
import { deployedTableShape } from './table-shape';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    soak: { type: 'string' },
    'latency-samples': { type: 'string' },
    'load-samples': { type: 'string' },
  },
  strict: true,
});
const quick = values.quick;
const settings = {
  soakAutosaves: Number(values.soak ?? process.env.FIELDPASS_BENCH_SOAK ?? (quick ? 400 : 10_000)),
  latencySamples: Number(values['latency-samples'] ?? (quick ? 40 : 200)),
  loadSamples: Number(values['load-samples'] ?? (quick ? 3 : 15)),
};
const resultsFile = join(repoRoot, 'bench', 'results.json');
const markdownFile = join(repoRoot, 'bench', 'results.md');
const readmeFile = join(repoRoot, 'README.md');
const started = Date.now();
const log = (line: string) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

async function main(): Promise<number> {
  const previous = existsSync(resultsFile)
    ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchResults)
    : undefined;
  log('reading the table definition from lib/');
  const table = deployedTableShape();
  log('bundling every function');
  const bundles = await bundleSizes();

  log('starting the local stack behind the counting proxy');
  const bench = await startBenchStack(table);
  const env = { ...bench.stack.env };
  let measured: Awaited<ReturnType<typeof measureOperations>>;
  let latency: BenchResults['latency'];
  let soakResult: BenchResults['soak'];
  try {
    measured = await measureOperations({ ...bench, table }, log);
    if (!values.check) {
      log('setting up the timed runs');
      const load = await setUpLoad(bench.client, measured.fixture);
      log('timing portal loads and autosaves');
      latency = await measureLatencies(load, { ...bench, table }, settings.latencySamples, log);
      log(`soak: ${settings.soakAutosaves} autosaves`);
      soakResult = await soak(load, { client: bench.client, fixture: measured.fixture }, settings.soakAutosaves, log);
    }
  } finally {
    await bench.stop();
  }
  let moduleLoad: BenchResults['moduleLoad'];
  if (!values.check) {
    log(`module load: ${settings.loadSamples} samples per bundle`);
    moduleLoad = await moduleLoads(env, settings.loadSamples);
  }

  const { session } = measured;
  const withoutBudgets: Omit<BenchResults, 'budgets'> = {
    format: 1,
    generatedAt: new Date().toISOString(),
    node: process.versions.node,
    mode: values.check ? 'check' : 'full',
    settings,
    operations: [...measured.results, ...notBuilt.map((o) => ({ ...o, status: 'not built' as const, notes: [] }))],
    session: {
      apiRequests: session.apiRequests,
      requestPath: session.requestPath,
      stream: session.stream,
      steps: session.steps.map((s) => {
        const { lines: _l, wruByTarget: _w, ...requestPath } = s.requestPath as NonNullable<typeof s.requestPath>;
        const { lines: _sl, wruByTarget: _sw, ...stream } = s.stream as NonNullable<typeof s.stream>;
        return { name: s.name, requestPath, stream, ...(s.feedLog ? { feedLog: s.feedLog } : {}) };
      }),
    },
    cost: costPer1000Sessions(session),
    bundles,
    ...(moduleLoad ? { moduleLoad } : {}),
    ...(latency ? { latency } : {}),
    ...(soakResult ? { soak: soakResult } : {}),
  };
  const results: BenchResults = { ...withoutBudgets, budgets: evaluateBudgets(withoutBudgets) };
  const comparison = previous?.format === results.format ? compareResults(previous, results) : undefined;
  if (previous && !comparison) log('the checked-in results are of another format: not compared');

  for (const budget of results.budgets)
    log(
      `${budget.met ? 'met    ' : budget.enforced ? 'FAILED ' : 'not met'} ${budget.measure}: ${budget.measured} (budget ${budget.limit})${budget.met || budget.enforced ? '' : budget.timing ? ' [timing: reported only]' : ' [not enforced yet]'}`,
    );
  for (const change of comparison?.regressions ?? [])
    log(`REGRESSION ${change.figure}: ${change.before} → ${change.after}`);
  for (const change of comparison?.improvements ?? [])
    log(`improved   ${change.figure}: ${change.before} → ${change.after}`);
  log(`cost per 1,000 sessions: $${results.cost.total.toFixed(4)}`);

  const failedBudgets = results.budgets.filter((b) => b.enforced && !b.met);
  if (values.check) {
    const failures = failedBudgets.length + (comparison?.regressions.length ?? 0);
    log(
      failures === 0
        ? `check passed: ${comparison ? 'no regression against bench/results.json' : 'no checked-in bench/results.json to compare with'}, every enforced budget met`
        : `check FAILED: ${comparison?.regressions.length ?? 0} regression(s), ${failedBudgets.length} enforced budget(s) not met. ` +
            'If a change is intended, run `npm run bench` and commit bench/results.json.',
    );
    return failures === 0 ? 0 : 1;
  }
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(markdownFile, `${renderMarkdown(results, comparison)}\n`);
  writeFileSync(readmeFile, withReadmeSummary(readFileSync(readmeFile, 'utf8'), renderReadmeSummary(results)));
  log(`wrote ${relative(repoRoot, resultsFile)}, ${relative(repoRoot, markdownFile)} and the summary in README.md`);
  if (soakResult && !soakResult.ok) {
    log('the soak FAILED: a last write is missing, a save was refused or the owner was not e-mailed exactly once');
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
