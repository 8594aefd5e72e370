import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../../local/stack';

/**
 * Starts the whole local stack once for the integration and e2e tests: DynamoDB Local in
 * memory, the SES and S3 stand-ins, the local Cognito and the local HTTP API, on free ports.
 * Test files receive its environment (endpoints, table, pool ids) through `inject('localEnv')`.
 */
export default async function setup(project: TestProject) {
  // Passwords hashed at the local Cognito's test cost: the run creates and signs in hundreds of users.
  const stack = await startLocalStack({
    inMemory: true,
    ports: 'free',
    quiet: true,
    schedules: 'manual',
    passwordHashing: 'fast',
  });
  project.provide('localEnv', stack.env);
  project.provide('apiUrl', stack.apiUrl);
  return async () => {
    await stack.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    localEnv: Record<string, string>;
    apiUrl: string;
  }
}
