import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import LRUCache from '../../lib/bundling/shims/lru-cache';
import { lambdaBundling } from '../../lib/constructs/fieldpass-function';
import { repoRoot } from '../../lib/repo-root';

describe('the LRU cache the Lambda bundles use', () => {
  it('evicts the least recently used entry beyond its capacity', () => {
    const cache = new LRUCache<string, number>(2);
    cache.set('a', 1).set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
  });

  it('does not refresh an entry on peek or has', () => {
    const cache = new LRUCache<string, number>(2);
    cache.set('a', 1).set('b', 2);
    expect(cache.peek('a')).toBe(1);
    expect(cache.has('a')).toBe(true);
    cache.set('c', 3);
    expect(cache.has('a')).toBe(false);
  });

  it('replaces a value without growing, and forgets everything on clear', () => {
    const cache = new LRUCache<string, number>(1);
    cache.set('a', 1).set('a', 2);
    expect(cache.get('a')).toBe(2);
    cache.clear();
    expect(cache.get('a')).toBeUndefined();
  });

  it("serves the AWS SDK's endpoint cache, bundled with the Lambda alias: stores, expires and deletes endpoints", async () => {
    // Bundle the SDK's endpoint cache as the Lambda bundles are built, then run it.
    const result = await build({
      stdin: {
        contents: `import { EndpointCache } from '@aws-sdk/endpoint-cache';
          import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
          // The client builds its endpoint cache when constructed.
          new DynamoDBClient({ region: 'eu-west-1', endpointDiscoveryEnabled: false });
          const endpoints = new EndpointCache(10);
          endpoints.set('k', [{ Address: 'a.example', CachePeriodInMinutes: 1 }]);
          endpoints.set('old', [{ Address: 'b.example', CachePeriodInMinutes: -1 }]);
          const found = endpoints.getEndpoint('k');
          const expired = endpoints.get('old');
          endpoints.delete('k');
          export const answers = { found, expired, kept: endpoints.has('k') };`,
        resolveDir: repoRoot,
      },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: lambdaBundling.target,
      banner: { js: lambdaBundling.banner },
      external: [...lambdaBundling.external],
      mainFields: [...lambdaBundling.mainFields],
      alias: { ...lambdaBundling.alias },
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((file) => file.includes('mnemonist'))).toBe(false);
    expect(inputs).toContain('lib/bundling/shims/lru-cache.ts');
    // A file, not a data: URL: the bundle's banner makes `require` from its own URL.
    const file = join(await mkdtemp(join(tmpdir(), 'bundle-')), 'endpoint-cache.mjs');
    await writeFile(file, result.outputFiles[0]?.text ?? '');
    const { answers } = await import(pathToFileURL(file).href);
    expect(answers).toEqual({ found: 'a.example', expired: undefined, kept: false });
  });
});
