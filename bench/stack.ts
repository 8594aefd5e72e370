import { localCredentials, localRegion } from '../local/dynamodb-local';
import { demoAccount, seedDemoAccount } from '../local/seed';
import { type LocalStack, localStaffPool, startLocalStack } from '../local/stack';
import type { TableShape } from './capacity';
import { type BenchClient, benchClient } from './client';
import { type CountingProxy, startCountingProxy } from './proxy';

export interface BenchStack {
  stack: LocalStack;
  proxy: CountingProxy;
  client: BenchClient;
  /** The demo Account Admin's ID token. */
  adminToken: string;
  stop(): Promise<void>;
}

/**
 * Starts the local stack as the tests do (in memory, free ports, quiet) with the counting proxy
 * in front of DynamoDB Local, seeds the demo account as `npm start` does, and signs its Account
 * Admin in. Everything the product does with DynamoDB, the stream mapping included, goes through
 * the proxy.
 */
export async function startBenchStack(table: TableShape): Promise<BenchStack> {
  let proxy: CountingProxy | undefined;
  const stack = await startLocalStack({
    inMemory: true,
    ports: 'free',
    quiet: true,
    dynamoDbFront: async (endpoint) => {
      proxy = await startCountingProxy({ target: endpoint, table, region: localRegion, credentials: localCredentials });
      return proxy;
    },
  });
  if (!proxy) throw new Error('the local stack did not start the counting proxy');
  try {
    await seedDemoAccount();
    const client = benchClient({
      apiUrl: stack.apiUrl,
      inboxUrl: stack.inboxUrl,
      controlUrl: stack.controlUrl,
      staffClientId: localStaffPool.clientId,
    });
    const adminToken = await client.staffSignIn(demoAccount.admin.email, demoAccount.password);
    return { stack, proxy, client, adminToken, stop: () => stack.stop() };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
