import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type FieldPassApp } from '../../lib/app';
import { configDefaults } from '../../lib/config';
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

/**
 * One app with every optional setting that changes no other test's subject configured at once
 * (a portal URL, a staff URL in front of the console, an alarm topic, a sender), shared by the
 * tests of each setting: one synth instead of one per setting. Web origins are left out, as is a
 * portal URL with a path: tests of those read the CORS origins, which they would change.
 */
export const configuredContext = {
  portalUrl: 'https://portal.fieldpass.test',
  staffUrl: 'https://staff.fieldpass.test',
  alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:fieldpass-alarms',
  senderEmail: 'staff-mail@fieldpass.test',
} as const;

/**
 * One app with the settings that decide CORS origins configured (web origins for the API; a portal
 * URL with a path and query, of which only the origin may be allowed; a staff URL for the
 * attachments bucket), shared by the API's and the attachments bucket's CORS tests: the Data stack
 * reads no web origins and the API no staff URL, so neither test's origins change.
 */
export const originsContext = {
  webOrigins: 'https://staff.fieldpass.test, http://localhost:5173',
  portalUrl: 'https://portal.fieldpass.test/app?x=1',
  staffUrl: 'https://app.fieldpass.test',
} as const;

const sharedApps = new Map<string, FieldPassApp>();

/**
 * The app `buildTestApp(context)` builds (no bundling, no cdk-nag), built once per process for each
 * configuration and shared by every test that reads that configuration: building and synthesising
 * the app (and the CDK's template validation, whose engine starts once per process) is nearly all
 * of an infra file's time. The infra project runs its files in one module graph per worker, so
 * files share these apps too. The stage defaults to dev as in the deployment configuration, so `{}`
 * and `{ stage: 'dev' }` are one app.
 *
 * Only read a shared app: its construct tree is locked once synthesised, so a test that adds constructs
 * fails there and must build its own with `buildTestApp`.
 */
export function sharedTestApp(context: Record<string, unknown> = {}): FieldPassApp {
  const key = JSON.stringify(
    Object.entries({ stage: configDefaults.stage, ...context }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  let shared = sharedApps.get(key);
  if (!shared) {
    shared = buildTestApp(context);
    // Synthesised before it is locked: the synth adds constructs of its own (the tree metadata).
    shared.app.synth();
    for (const construct of shared.app.node.findAll()) construct.node.lock();
    sharedApps.set(key, shared);
  }
  return shared;
}

const templates = new WeakMap<Stack, Template>();

/**
 * `Template.fromStack(stack)`, made once per stack and kept: every `Template.fromStack` checks the
 * whole template for cyclic dependencies again (and re-reads a nested stack's template file), which
 * made the tests that look up a function's template for each of 170 routes slower than the synth.
 * The template is the same either way: the stack's app synthesises once.
 */
export function stackTemplate(stack: Stack): Template {
  let template = templates.get(stack);
  if (!template) {
    template = Template.fromStack(stack);
    templates.set(stack, template);
  }
  return template;
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
