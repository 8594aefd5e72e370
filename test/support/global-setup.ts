import type { TestProject } from 'vitest/node';
import { type LocalStack, startLocalStack } from '../../local/stack';

/** The one stack both integration projects use, and how many of them still run. */
type Shared = { stack: Promise<LocalStack>; users: number };
const key = Symbol.for('fieldpass.test.localStack');
const shared = globalThis as typeof globalThis & { [key]?: Shared };

/**
 * Starts the whole local stack once for the integration and e2e tests: DynamoDB Local in
 * memory, the SES and S3 stand-ins, the local Cognito and the local HTTP API, on free ports.
 * Test files receive its environment (endpoints, table, pool ids) through `inject('localEnv')`.
 * Both integration projects (vitest.config.ts) run this; the second gets the stack the first
 * started, in this same process (two stacks in one process would share its environment), and
 * the last to finish stops it.
 */
export default async function setup(project: TestProject) {
  shared[key] ??= {
    // Passwords hashed at the local Cognito's test cost: the run creates and signs in hundreds of users.
    stack: startLocalStack({
      inMemory: true,
      ports: 'free',
      quiet: true,
      schedules: 'manual',
      passwordHashing: 'fast',
    }),
    users: 0,
  };
  const run = shared[key];
  run.users += 1;
  const stack = await run.stack;
  project.provide('localEnv', stack.env);
  project.provide('apiUrl', stack.apiUrl);
  return async () => {
    run.users -= 1;
    if (run.users > 0) return;
    shared[key] = undefined;
    await stack.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    localEnv: Record<string, string>;
    apiUrl: string;
  }
}
