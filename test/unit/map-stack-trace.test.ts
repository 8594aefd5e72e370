import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mapStackTrace, rebuildWithSourceMap } from '../../scripts/map-stack-trace';

/*
 * The deployed functions carry no source map; `npm run map-stack-trace` rebuilds one with its map
 * and maps a trace from the logs. This runs a rebuilt bundle as Lambda would, makes it throw, and
 * maps the trace it wrote.
 */
describe('mapping a stack trace of a deployed function', () => {
  it('names the source file and line that threw, from the minified bundle’s positions', async () => {
    const { code, map } = await rebuildWithSourceMap('functions/shared/env.ts');
    const dir = mkdtempSync(join(tmpdir(), 'fieldpass-map-'));
    try {
      writeFileSync(join(dir, 'index.mjs'), code);
      const bundle = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as {
        requireEnv(name: string): string;
      };
      const trace = (() => {
        try {
          bundle.requireEnv('FIELDPASS_NEVER_SET');
          return '';
        } catch (error) {
          return String((error as Error).stack);
        }
      })();
      expect(trace).toMatch(/index\.mjs:\d+:\d+/);

      const mapped = mapStackTrace(trace, map);

      expect(mapped).toContain('Missing required environment variable FIELDPASS_NEVER_SET');
      expect(mapped).toMatch(/functions\/shared\/env\.ts:8:\d+/);
      expect(mapped).not.toMatch(/index\.mjs:\d+:\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves a frame it cannot place as it was', async () => {
    const { map } = await rebuildWithSourceMap('functions/shared/env.ts');

    expect(mapStackTrace('at node:internal/process/task_queues:95:5', map)).toBe(
      'at node:internal/process/task_queues:95:5',
    );
  });
});
