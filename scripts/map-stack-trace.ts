/**
 * `npm run map-stack-trace -- <entry> [--deployed index.mjs] < trace.txt`: a stack trace from a
 * deployed function's logs, with each `index.mjs:<line>:<column>` frame mapped to the source
 * (`functions/…/x.ts:<line>:<column>`).
 *
 * The deployed functions carry no source map (docs/deploying.md, "Source maps"): this rebuilds the
 * function exactly as CDK bundles it (`lambdaBuildOptions`, the same settings), this time with a
 * source map. esbuild's output is a function of the source, the lock file's packages and the
 * settings, so on a checkout of the deployed commit after `npm ci` the rebuilt bundle is the
 * deployed one byte for byte; `--deployed` checks that against the function's own `index.mjs`
 * (in the code package `aws lambda get-function` links to) and refuses to map a different build.
 */
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { lambdaBuildOptions } from '../lib/constructs/fieldpass-function';
import { repoRoot } from '../lib/repo-root';

/** The function `entry` (e.g. `functions/work/jobs/list-jobs.handler.ts`) as deployed, and its source map. */
export async function rebuildWithSourceMap(entry: string): Promise<{ code: string; map: SourceMap }> {
  const result = await build({
    ...lambdaBuildOptions,
    entryPoints: [join(repoRoot, entry)],
    // Beside the sources, so the map names them from the repository root (`functions/…`).
    outfile: join(repoRoot, 'index.mjs'),
    sourcemap: 'external',
    sourcesContent: false,
    write: false,
  });
  const file = (suffix: string) => result.outputFiles.find((f) => f.path.endsWith(suffix));
  const code = file('index.mjs')?.text;
  const map = file('index.mjs.map')?.text;
  if (code === undefined || map === undefined) throw new Error(`esbuild made no bundle for ${entry}`);
  return { code, map: new SourceMap(JSON.parse(map) as SourceMapPayload) };
}

/** `trace` with every `index.mjs:<line>:<column>` position replaced by its source position. */
export function mapStackTrace(trace: string, map: SourceMap): string {
  return trace.replace(/(?:file:\/\/)?[\w/.-]*index\.mjs:(\d+):(\d+)/g, (frame, line: string, column: string) => {
    const found = map.findEntry(Number(line) - 1, Number(column) - 1) as Partial<{
      originalSource: string;
      originalLine: number;
      originalColumn: number;
    }>;
    if (found.originalSource === undefined || found.originalLine === undefined) return frame;
    return `${found.originalSource}:${found.originalLine + 1}:${(found.originalColumn ?? 0) + 1}`;
  });
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { deployed: { type: 'string' } },
  });
  const [entry] = positionals;
  if (!entry) {
    console.error('usage: npm run map-stack-trace -- <functions/…/x.handler.ts> [--deployed index.mjs] < trace.txt');
    return 2;
  }
  const { code, map } = await rebuildWithSourceMap(entry);
  if (values.deployed !== undefined && readFileSync(values.deployed, 'utf8') !== code) {
    console.error(
      `${values.deployed} is not this checkout's build of ${entry}: check out the deployed commit and run npm ci`,
    );
    return 1;
  }
  process.stdout.write(mapStackTrace(readFileSync(0, 'utf8'), map));
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main();
