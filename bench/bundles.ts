import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import {
  notFoundEntry,
  portalAuthTriggerEntries,
  reactionsConsumerEntry,
  recordsConsumerEntry,
  routes,
} from '../functions/routes';
import { lambdaBuildOptions } from '../lib/constructs/fieldpass-function';
import { repoRoot } from '../lib/repo-root';

/*
 * Bundle sizes and module-load ratios. Every function is bundled exactly as the FieldPassFunction
 * construct bundles it (the same settings test/infra/bundle-size.test.ts uses); the functions on
 * the measured paths are then loaded, each in a fresh node process, against a baseline bundle that
 * holds only a DynamoDB client.
 */

export interface BundleSize {
  entry: string;
  /** Minified bytes, AWS SDK inside. */
  bytes: number;
  /** Bytes of FieldPass's own code in it (not node_modules, not JSON data). */
  ownBytes: number;
}

export interface ModuleLoad {
  name: string;
  entry: string;
  /** Median load time over the baseline's median load time, both without source maps. */
  ratio: number;
  /** Median load with its source map and --enable-source-maps over the median without: what turning source maps on in Lambda would cost (they are off). */
  sourceMapFactor: number;
}

/** The functions whose module load the bench measures: those on the measured paths, and the largest. */
export const loadMeasured: { name: string; operationId?: string; entry?: string }[] = [
  { name: 'portal load', operationId: 'getPortalJob' },
  { name: 'autosave', operationId: 'answerPortalJobChecklistItem' },
  { name: 'comment', operationId: 'addPortalJobComment' },
  { name: 'upload confirm', operationId: 'confirmPortalJobUpload' },
  { name: 'code request', operationId: 'requestPortalCode' },
  { name: 'code verify', operationId: 'verifyPortalCode' },
  { name: 'link state', operationId: 'getLinkState' },
  { name: 'staff job list', operationId: 'listJobs' },
  { name: 'audit page', operationId: 'listJobAudit' },
  { name: 'activity page', operationId: 'listExternalActivity' },
  { name: 'records consumer', entry: recordsConsumerEntry },
  { name: 'reactions consumer', entry: reactionsConsumerEntry },
];

/** Every deployed function's entry: routes, the $default route, the two stream consumers, the portal triggers. */
export const allEntries = (): string[] => [
  ...new Set([
    ...routes.map((r) => r.entry),
    notFoundEntry,
    recordsConsumerEntry,
    reactionsConsumerEntry,
    ...Object.values(portalAuthTriggerEntries),
  ]),
];

function entryOf(measured: (typeof loadMeasured)[number]): string {
  if (measured.entry) return measured.entry;
  const route = routes.find((r) => r.contract.operationId === measured.operationId);
  if (!route) throw new Error(`no route ${measured.operationId}`);
  return route.entry;
}

/** Every function's bundle size, in one esbuild build as the bundle-size test does. */
export async function bundleSizes(): Promise<BundleSize[]> {
  const entries = allEntries();
  const result = await build({
    ...lambdaBuildOptions,
    entryPoints: entries.map((entry) => join(repoRoot, entry)),
    outdir: join(repoRoot, 'bundle-size'),
    write: false,
    metafile: true,
  });
  const sizes: BundleSize[] = [];
  for (const output of Object.values(result.metafile?.outputs ?? {})) {
    if (!output.entryPoint) continue;
    const ownBytes = Object.entries(output.inputs)
      .filter(([file]) => !file.includes('node_modules/') && !file.endsWith('.json'))
      .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
    sizes.push({ entry: output.entryPoint, bytes: output.bytes, ownBytes });
  }
  return sizes.sort((a, b) => a.entry.localeCompare(b.entry));
}

/** The baseline: a module holding only a DynamoDB client, created at load as the handlers create theirs. */
const baselineSource = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export const client = new DynamoDBClient({});
export const handler = async () => client.config.region;
`;

/** Bundles `entries` (plus the baseline) into `dir`, with or without linked source maps. */
async function writeBundles(dir: string, entries: string[], sourcemap: boolean) {
  const baseline = join(dir, 'baseline-src', 'baseline.ts');
  mkdirSync(join(dir, 'baseline-src'), { recursive: true });
  writeFileSync(baseline, baselineSource);
  const out = join(dir, sourcemap ? 'with-maps' : 'plain');
  await build({
    ...lambdaBuildOptions,
    entryPoints: [...entries.map((entry) => join(repoRoot, entry)), baseline],
    // The baseline lives outside the repository: resolve its imports from the repository's node_modules.
    nodePaths: [join(repoRoot, 'node_modules')],
    outbase: '/',
    outdir: out,
    outExtension: { '.js': '.mjs' },
    sourcemap: sourcemap ? 'linked' : false,
    sourcesContent: false,
    write: true,
  });
  const path = (file: string) => join(out, `${relative('/', file).replace(/\.ts$/, '')}.mjs`);
  return {
    baseline: path(baseline),
    entries: new Map(entries.map((entry) => [entry, path(join(repoRoot, entry))])),
  };
}

/** Milliseconds a fresh node process takes to import `file` (module load: parse and evaluate). */
function loadOnce(file: string, env: Record<string, string>, sourceMaps: boolean): number {
  const script =
    "const { performance } = await import('node:perf_hooks'); const t = performance.now(); " +
    'await import(process.argv[1]); process.stdout.write(String(performance.now() - t)); process.exit(0);';
  const run = spawnSync(
    process.execPath,
    [...(sourceMaps ? ['--enable-source-maps'] : []), '--input-type=module', '-e', script, pathToFileURL(file).href],
    { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 },
  );
  const ms = Number(run.stdout);
  if (run.status !== 0 || !Number.isFinite(ms)) throw new Error(`loading ${file} failed: ${run.stderr || run.stdout}`);
  return ms;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/**
 * Module-load ratios: each measured function and the baseline loaded `samples` times, in turn (so
 * a busy spell of the machine hits them all alike), each in a fresh node process; the median over
 * the baseline's median. `env` is what the handlers read at load (table name, pools …).
 */
export async function moduleLoads(env: Record<string, string>, samples: number): Promise<ModuleLoad[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fieldpass-bench-'));
  try {
    const entries = [...new Set(loadMeasured.map(entryOf))];
    const plain = await writeBundles(dir, entries, false);
    const mapped = await writeBundles(dir, entries, true);
    const times = new Map<string, number[]>();
    const note = (key: string, ms: number) => times.set(key, [...(times.get(key) ?? []), ms]);
    // One warm-up pass: the first spawns pay for the disk cache.
    loadOnce(plain.baseline, env, false);
    for (let i = 0; i < samples; i++) {
      note('baseline', loadOnce(plain.baseline, env, false));
      for (const entry of entries) {
        note(`plain:${entry}`, loadOnce(plain.entries.get(entry) as string, env, false));
        note(`maps:${entry}`, loadOnce(mapped.entries.get(entry) as string, env, true));
      }
    }
    const baseline = median(times.get('baseline') ?? []);
    return loadMeasured.map((measured) => {
      const entry = entryOf(measured);
      const plainMs = median(times.get(`plain:${entry}`) ?? []);
      const mapsMs = median(times.get(`maps:${entry}`) ?? []);
      return {
        name: measured.name,
        entry,
        ratio: Math.round((plainMs / baseline) * 100) / 100,
        sourceMapFactor: Math.round((mapsMs / plainMs) * 100) / 100,
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
