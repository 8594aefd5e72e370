import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp, type FieldPassApp } from '../../lib/app';
import { repoRoot } from '../../lib/repo-root';

/** The feature flags and settings of cdk.json, so tests synthesise the app `cdk synth` builds. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

export interface TestAppOptions {
  /**
   * Run esbuild for every function. Off by default: templates do not depend on the bundle's
   * content, and one test (the cdk-nag synth) bundles for real.
   */
  bundle?: boolean;
  /**
   * Check the app with cdk-nag at synth, as `cdk synth` does. Off by default: a third of a synth's
   * time, and the cdk-nag test checks the app as deployed.
   */
  nag?: boolean;
}

/**
 * Builds the FieldPass app as bin/app.ts does (cdk.json's context; cdk-nag with `nag`) with the
 * given context values.
 */
export function buildTestApp(context: Record<string, unknown> = {}, options: TestAppOptions = {}): FieldPassApp {
  // With no CDK_OUTDIR (vitest sets none) the App writes its assembly to a fresh temporary directory.
  return buildApp(
    {
      ...cdkJsonContext(),
      ...context,
      // The CDK's own switch for skipping asset bundling: an empty list bundles no stack.
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
    {},
    { checks: options.nag === true },
  );
}

/** The only value of a record, failing loudly when there is not exactly one. */
export function onlyValue<T>(record: Record<string, T>): T {
  const values = Object.values(record);
  if (values.length !== 1) throw new Error(`expected exactly one match, found ${values.length}`);
  return values[0] as T;
}

/** The logical id of the only resource in `resources`, failing loudly when there is not exactly one. */
export function onlyLogicalId(resources: Record<string, unknown>): string {
  const ids = Object.keys(resources);
  if (ids.length !== 1) throw new Error(`expected exactly one resource, found ${ids.length}`);
  return ids[0] as string;
}
