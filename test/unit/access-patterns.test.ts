import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The pattern ids docs/data-model.md defines: the first cell of each access-pattern row. */
function definedPatterns(markdown: string): string[] {
  return [...markdown.matchAll(/^\| ([A-Z]+-\d+) \|/gm)].map((m) => m[1] as string);
}

/** The aggregate files `keys.ts` gathers (`export * from './keys/<aggregate>'`). */
function aggregateFiles(index: string): string[] {
  return [...index.matchAll(/^export \* from '\.\/keys\/([\w-]+)';$/gm)].map(
    (m) => `functions/shared/data/keys/${m[1]}.ts`,
  );
}

/** Each exported function of a source text, with the pattern ids its doc comment starts with ("JOB-3, JOB-4: …"). */
function keyFunctions(text: string): { name: string; ids: string[] }[] {
  return [...text.matchAll(/^export (?:const|function) (\w+)/gm)].map((m) => {
    const before = text.slice(0, m.index).trimEnd();
    const doc = before.endsWith('*/') ? before.slice(before.lastIndexOf('/**')) : '';
    const prose = doc
      .replace(/^\/\*\*|\*\/$/g, '')
      .replace(/^\s*\*/gm, '')
      .replace(/\s+/g, ' ')
      .trim();
    const ids = /^([A-Z]+-\d+(?:, [A-Z]+-\d+)*):/.exec(prose)?.[1]?.split(', ') ?? [];
    return { name: m[1] as string, ids };
  });
}

const doc = read('docs/data-model.md');
const defined = definedPatterns(doc);
const files = aggregateFiles(read('functions/shared/data/keys.ts'));
const functions = files.flatMap((file) => keyFunctions(read(file)).map((f) => ({ ...f, file })));
const cited = new Set(functions.flatMap((f) => f.ids));

describe('access pattern ids', () => {
  it('reads pattern rows and the ids a doc comment starts with, and nothing else', () => {
    expect(definedPatterns('| # | pattern |\n|---|---|\n| ACC-1 | Get |\n| STF-12 | List |\ntext ACC-9 here')).toEqual([
      'ACC-1',
      'STF-12',
    ]);
    const source = [
      '/** ACC-1, STF-2: the account. */',
      'export const a = () => 1;',
      '/**',
      ' * WRK-3,',
      ' * WRK-4: a row, sorted by its SHA-256',
      ' * (JOB-9 is not a citation here).',
      ' */',
      'export function b() {}',
      'export const c = () => 3;',
      '/** A helper that cites nothing (PTL-1). */',
      'export const d = () => 4;',
      '/** PLN-4: typed */',
      'export type E = string;',
    ].join('\n');
    expect(keyFunctions(source)).toEqual([
      { name: 'a', ids: ['ACC-1', 'STF-2'] },
      { name: 'b', ids: ['WRK-3', 'WRK-4'] },
      { name: 'c', ids: [] },
      { name: 'd', ids: [] },
    ]);
    expect(aggregateFiles("export * from './keys/staff';\nexport type { X } from './keys/segments';")).toEqual([
      'functions/shared/data/keys/staff.ts',
    ]);
  });

  it('finds the aggregate files and their key functions', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(functions.length).toBeGreaterThanOrEqual(50);
    expect(defined.length).toBeGreaterThanOrEqual(50);
  });

  it('defines each pattern once, numbered 1, 2, 3 … within its prefix', () => {
    const byPrefix = new Map<string, number[]>();
    for (const id of defined) {
      const [prefix, number] = id.split('-') as [string, string];
      byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), Number(number)]);
    }
    const misnumbered = [...byPrefix].filter(([, numbers]) => numbers.some((n, i) => n !== i + 1));
    expect(misnumbered).toEqual([]);
  });

  it('has every key function cite the patterns that use it', () => {
    expect(functions.filter((f) => f.ids.length === 0).map((f) => `${f.file}: ${f.name}`)).toEqual([]);
  });

  it('cites only patterns docs/data-model.md defines', () => {
    const unknown = functions.flatMap((f) =>
      f.ids.filter((id) => !defined.includes(id)).map((id) => `${f.name}: ${id}`),
    );
    expect(unknown).toEqual([]);
  });

  it('has every pattern in docs/data-model.md cited by a key function', () => {
    expect(defined.filter((id) => !cited.has(id))).toEqual([]);
  });
});
