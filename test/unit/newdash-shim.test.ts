import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { forEach as newdashForEach } from '@newdash/newdash/forEach';
import { isPlainObject as newdashIsPlainObject } from '@newdash/newdash/isPlainObject';
import { map as newdashMap } from '@newdash/newdash/map';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../functions/feed/odata-query';
import { forEach, isPlainObject, map } from '../../lib/bundling/shims/newdash';
import { lambdaBuildOptions } from '../../lib/constructs/fieldpass-function';
import { repoRoot } from '../../lib/repo-root';

/** What a call answers or throws, comparable across two implementations. */
const outcome = (run: () => unknown) => {
  try {
    return { value: run() };
  } catch (error) {
    return { error: (error as Error).message, target: (error as { target?: string }).target };
  }
};

const filters = [
  'modifiedAt ge 2026-01-01T00:00:00Z and modifiedAt lt 2026-02-01T00:00:00+01:00',
  '(modifiedAt gt 2026-01-01T00:00:00Z) and modifiedAt gt 2026-03-01T00:00:00Z and modifiedAt le 2027-01-01T00:00:00Z',
  "status eq 'it''s' and modifiedAt ge 2026-01-01T00:00:00.123Z",
  "((status eq 'open')) and (modifiedAt ge 2026-01-01T00:00:00Z and modifiedAt lt 2026-06-01T00:00:00Z)",
  "status eq 'a' or status eq 'b'",
  "contains(title,'x')",
  'modifiedAt ge 2026',
  'modifiedAt ge 2026-13-01T00:00:00Z',
  "title eq 'x'",
  "status eq 'a' and status eq 'b'",
  'not archived',
  'modifiedAt eq 2026-01-01T00:00:00Z',
  "status ne 'open'",
  "tags/any(t: t eq 'x')",
  '[1,2,{"a":3}]',
  '',
  ')(',
];

describe('the newdash functions @odata/parser calls, as the Lambda bundles replace them', () => {
  const collections: unknown[] = [
    [1, 2, 3],
    Uint16Array.from([104, 105]),
    { a: 1, b: 'x' },
    Object.create(null),
    [],
    null,
    undefined,
  ];

  it('map as newdash maps arrays, typed arrays, objects and nothing', () => {
    for (const collection of collections) {
      const iteratee = (value: unknown, key: unknown) => `${String(key)}=${String(value)}`;
      expect(map(collection as never, iteratee)).toEqual(newdashMap(collection as never, iteratee));
    }
  });

  it('forEach as newdash visits each element or value in order, stops on false, and answers the collection', () => {
    for (const collection of collections) {
      const seen: unknown[] = [];
      const theirs: unknown[] = [];
      const ours = forEach(collection as never, (value, key) => {
        seen.push([key, value]);
        return seen.length < 2;
      });
      const answered = newdashForEach(collection as never, (value: unknown, key: unknown) => {
        theirs.push([key, value]);
        return theirs.length < 2;
      });
      expect(seen).toEqual(theirs);
      expect(ours).toBe(answered);
    }
  });

  it('isPlainObject as newdash tells object literals from arrays, instances and primitives', () => {
    class Node {
      value = 1;
    }
    const values = [{}, { a: 1 }, Object.create(null), [], new Node(), new Date(), null, undefined, 'x', 1, () => 1];
    for (const [index, value] of values.entries()) {
      expect(isPlainObject(value), `value ${index}`).toBe(newdashIsPlainObject(value));
    }
  });

  it('leave the feed’s $filter reading unchanged: the bundled entity-set code answers every filter as the library does', async () => {
    const result = await build({
      ...lambdaBuildOptions,
      stdin: {
        contents: `export { parseFilter } from './functions/feed/odata-query.ts';`,
        resolveDir: repoRoot,
        sourcefile: 'filter-probe.ts',
        loader: 'ts',
      },
      write: false,
      metafile: true,
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((file) => file.includes('@newdash/newdash'))).toBe(false);
    expect(inputs).toContain('lib/bundling/shims/newdash.ts');
    // A file, not a data: URL: the bundle's banner makes `require` from its own URL.
    const file = join(await mkdtemp(join(tmpdir(), 'bundle-')), 'filter-probe.mjs');
    await writeFile(file, result.outputFiles[0]?.text ?? '');
    const bundled = (await import(pathToFileURL(file).href)) as { parseFilter: typeof parseFilter };
    for (const filter of filters) {
      expect(
        outcome(() => bundled.parseFilter(filter)),
        filter,
      ).toEqual(outcome(() => parseFilter(filter)));
    }
  });
});
