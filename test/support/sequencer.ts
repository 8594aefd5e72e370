import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Where files start, in order: first the file that floods the one local stream (10,000 jobs for
 * the export: a minute of the stream consumer's work, which every other file's drain would wait
 * behind), beside the CDK synths that never read the stream; then the folders, long and
 * CPU-heavy ones first.
 */
const folderOrder = [
  'test/e2e/exports.test.ts',
  'test/infra/',
  'test/browser/',
  'test/e2e/',
  'test/integration/',
  'test/unit/',
];

/**
 * Starts the longest files first, across both projects. On two cores the suite ends when its
 * longest files end, so they must not be left for last (vitest's own order runs one project after
 * the other, which leaves the CDK synth that bundles every function, in the unit project, to the
 * end). Files start by folder: infra, browser, e2e, integration, unit; within a folder, the longest
 * in the last run first (vitest's cache), or on a fresh clone the largest.
 */
export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const path = (file: TestSpecification) => relative(root, file.moduleId).replaceAll('\\', '/');
    const rank = (file: TestSpecification) => {
      const index = folderOrder.findIndex((folder) => path(file).startsWith(folder));
      return index === -1 ? folderOrder.length : index;
    };
    const key = (file: TestSpecification) => `${file.project.name}:${path(file)}`;
    const duration = (file: TestSpecification) => this.ctx.cache.getFileTestResults(key(file))?.duration;
    const size = (file: TestSpecification) => this.ctx.cache.getFileStats(key(file))?.size ?? 0;
    return [...files].sort((a, b) => {
      const byFolder = rank(a) - rank(b);
      if (byFolder !== 0) return byFolder;
      const [da, db] = [duration(a), duration(b)];
      if (da !== undefined && db !== undefined) return db - da;
      return size(b) - size(a);
    });
  }
}
