import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeMarkers, renderReadmeSummary, withReadmeSummary } from '../../bench/report';
import type { BenchResults } from '../../bench/results';
import { repoRoot } from '../../lib/repo-root';

const read = (...path: string[]) => readFileSync(join(repoRoot, ...path), 'utf8');

describe("README's bench summary", () => {
  it('shows the figures of the checked-in bench/results.json (npm run bench rewrites it)', () => {
    const results = JSON.parse(read('bench', 'results.json')) as BenchResults;
    const readme = read('README.md');
    const start = readme.indexOf(readmeMarkers.start);
    const end = readme.indexOf(readmeMarkers.end) + readmeMarkers.end.length;
    expect(start).toBeGreaterThan(0);
    expect(readme.slice(start, end)).toBe(renderReadmeSummary(results));
  });

  it('is replaced between its markers, keeping what is around it', () => {
    const readme = `# Title\n\nbefore\n\n${readmeMarkers.start}\nold\n${readmeMarkers.end}\n\nafter\n`;
    const next = withReadmeSummary(readme, `${readmeMarkers.start}\nnew\n${readmeMarkers.end}`);
    expect(next).toBe(`# Title\n\nbefore\n\n${readmeMarkers.start}\nnew\n${readmeMarkers.end}\n\nafter\n`);
  });
});
