import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/support/sequencer';

// The AWS SDK warns once per process that Node 20 support ends in 2027; Lambda runs Node 24.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/**
 * Unit tests of process-wide state: the Lambda runtime's globals (its InvokeStore, which the local
 * runtime and the AWS SDK install, and AWS_LAMBDA_MAX_CONCURRENCY) and the log lines that read
 * them. Each runs in a module graph of its own.
 */
const processWideUnitTests = [
  'test/unit/lambda-invoke-store.test.ts',
  'test/unit/local-lambda-runtime.test.ts',
  'test/unit/logger-lines.test.ts',
  'test/unit/event-logging.test.ts',
  'test/unit/http-handler.test.ts',
];

/**
 * Integration files that point the product's clients at servers of their own (a scripted Cognito
 * or SES, a Cognito pool, a table of their own) or capture the process's output: each runs in a
 * module graph of its own, so no other file sees what it changed.
 */
const processWideIntegrationTests = [
  'test/integration/cognito-requests.test.ts',
  'test/integration/export-worker-metrics.test.ts',
  'test/integration/local-http-api.test.ts',
  'test/integration/local-sqs.test.ts',
  'test/integration/portal-sign-in-limits.test.ts',
  'test/integration/ses-sender.test.ts',
];

/** What both integration projects share: the one local stack (started once) and its environment. */
const integration = {
  globalSetup: ['test/support/global-setup.ts'],
  setupFiles: ['test/support/integration-env.ts'],
  // A safety net against a hang, not a timing assertion: at CI's full property runs, the
  // property tests' audited changes queue on the one local stream ahead of other files'
  // waits on it (drainStreams), which then take minutes.
  testTimeout: 300_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // One module graph per worker for all its files: importing the product's modules again
          // for every file was two thirds of this project's time. A file that changes what the
          // process shares (the Lambda runtime's globals) runs in the project below instead.
          isolate: false,
          include: ['test/unit/**/*.test.ts'],
          exclude: processWideUnitTests,
          setupFiles: ['test/support/unit-env.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'unit-isolated',
          include: processWideUnitTests,
          setupFiles: ['test/support/unit-env.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          // One module graph per worker for all its files, so the files share the apps they
          // synthesise (test/infra/support.ts, sharedTestApp) and the CDK's template validator,
          // whose engine takes seconds to start: each file synthesising its own was most of this
          // project's CPU time.
          isolate: false,
          setupFiles: ['test/support/unit-env.ts'],
          // A CDK synth takes seconds alone and over 20 s on a machine busy with other test runs,
          // and bundling every function (bundle-size's setup) minutes: the limits are a safety net
          // against a hang, not an assertion about speed.
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          // The browser tests drive the portal page against the same local stack.
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/browser/**/*.test.ts'],
          exclude: processWideIntegrationTests,
          // One module graph per worker for all its files, as in the unit project: importing the
          // product's and the support's modules again for every file was a third of these files'
          // CPU. Each file's setup file gives it the stack's environment again; a file that points
          // the product's clients elsewhere runs in the project below instead.
          isolate: false,
          ...integration,
        },
      },
      {
        extends: true,
        test: { name: 'integration-isolated', include: processWideIntegrationTests, ...integration },
      },
    ],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // Four test files at a time on two cores (vitest's default there is one): the integration files
    // spend most of their time waiting on the local stack, which runs in vitest's own process, and
    // on its streams' drains. Measured on two cores: 7 min 38 s with two, 6 min 17 s with three,
    // 5 min 34 s with four (and less CPU: fewer files left running alone at the end).
    maxWorkers: 4,
    sequence: { sequencer: LongestFirstSequencer },
    // The local stack in vitest's own process runs handlers as a concurrent Lambda runtime
    // (local/lambda-runtime.ts sets this); test processes start as a one-at-a-time one.
    env: { AWS_LAMBDA_MAX_CONCURRENCY: '' },
  },
});
