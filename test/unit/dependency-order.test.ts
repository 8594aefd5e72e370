import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capabilityOrder } from '../../functions/capabilities';

const root = resolve(new URL('../..', import.meta.url).pathname);
const functionsDir = join(root, 'functions');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The capability of a file under functions/: its first folder (files at the top compose them all). */
function capabilityOf(file: string): string | undefined {
  const parts = relative(functionsDir, file).split('/');
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
}

/** The files a module's source imports or re-exports, resolved (`#shared/*` and relative specifiers). */
function importsOf(file: string, text: string): string[] {
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .map((m) => m[1] ?? m[2] ?? '')
    .flatMap((spec) => {
      if (spec.startsWith('#shared/')) return [join(functionsDir, 'shared', spec.slice('#shared/'.length))];
      if (spec.startsWith('.')) return [resolve(dirname(file), spec)];
      return [];
    });
}

/** Each import that reaches a capability above the importing one, or one the order does not list. */
function importsAgainstOrder(order: readonly string[], files: { file: string; text: string }[]): string[] {
  const rank = new Map(order.map((capability, i) => [capability, i]));
  return files.flatMap(({ file, text }) => {
    const from = capabilityOf(file);
    if (!from) return [];
    return importsOf(file, text).flatMap((target) => {
      const to = capabilityOf(target);
      if (!to || to === from) return [];
      const fromRank = rank.get(from);
      const toRank = rank.get(to);
      if (fromRank === undefined || toRank === undefined || toRank > fromRank) {
        return [`${relative(root, file)} (${from}) imports ${relative(root, target)} (${to})`];
      }
      return [];
    });
  });
}

const productFiles = () => sourceFiles(functionsDir).map((file) => ({ file, text: readFileSync(file, 'utf8') }));

describe('the dependency order of capabilities', () => {
  it('catches an import of a higher capability, of an unlisted one, and lets lower ones through', () => {
    const at = (path: string, text: string) => ({ file: join(functionsDir, path), text });
    const order = ['shared', 'work', 'checklists'];
    expect(
      importsAgainstOrder(order, [
        at('work/jobs/job-service.ts', "import { checklistWrites } from '../../checklists/checklist-repository';"),
        at('checklists/checklist-service.ts', "import { jobs } from '../work/jobs/job-kind';"),
        at('checklists/a.ts', "import { keys } from '#shared/data/keys';\nimport { x } from './b';"),
        at('work/x.ts', "export { y } from '../reports/y';"),
      ]),
    ).toEqual([
      'functions/work/jobs/job-service.ts (work) imports functions/checklists/checklist-repository (checklists)',
      'functions/work/x.ts (work) imports functions/reports/y (reports)',
    ]);
  });

  it('lists every capability folder under functions/ exactly once', () => {
    const folders = readdirSync(functionsDir).filter((name) => statSync(join(functionsDir, name)).isDirectory());
    expect([...capabilityOrder].sort()).toEqual(folders.sort());
    expect(new Set(capabilityOrder).size).toBe(capabilityOrder.length);
  });

  it('finds no module importing a capability above its own (so no cycle between capabilities)', () => {
    expect(importsAgainstOrder(capabilityOrder, productFiles())).toEqual([]);
  });
});
