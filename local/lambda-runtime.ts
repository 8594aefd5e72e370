import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { InvokeStoreBase } from '@aws/lambda-invoke-store';
import type { Context } from 'aws-lambda';

/*
 * What the local stand-ins need of a Lambda runtime. They run the deployed handler modules in one
 * process, many invocations at once (requests, triggers, stream batches), where a classic Lambda
 * environment runs one at a time. The module-level logger the functions share would then carry
 * one invocation's keys and context into another's log lines. Lambda's runtime for concurrent
 * invocations (Managed Instances) avoids that, and so does this: it sets
 * AWS_LAMBDA_MAX_CONCURRENCY and runs each invocation in its own InvokeStore context (an
 * AsyncLocalStorage), in which the shared logger (as Powertools would) keeps each invocation's
 * appended keys and Lambda context. The function code is the code deployed; nothing in it changes.
 */

/** Marks the store, so a second copy of this module (test isolation) finds it. */
const concurrent: unique symbol = Symbol.for('fieldpass.local.concurrentInvokeStore');

/** The InvokeStore of a runtime taking concurrent invocations: one context per invocation. */
class ConcurrentInvokeStore extends InvokeStoreBase {
  readonly [concurrent] = true;
  readonly #invocation = new AsyncLocalStorage<Record<string | symbol, unknown>>();

  getContext() {
    return this.#invocation.getStore();
  }
  hasContext() {
    return this.#invocation.getStore() !== undefined;
  }
  get<T = unknown>(key: string | symbol): T | undefined {
    return this.#invocation.getStore()?.[key] as T | undefined;
  }
  set<T = unknown>(key: string | symbol, value: T): void {
    if (this.isProtectedKey(key)) throw new Error(`Cannot modify protected Lambda context field: ${String(key)}`);
    const context = this.#invocation.getStore();
    if (!context) throw new Error('No invocation context');
    context[key] = value;
  }
  run<T>(context: Record<string | symbol, unknown>, fn: () => T): T {
    return this.#invocation.run(context, fn);
  }
}

/** Where the Lambda runtime publishes its InvokeStore (Powertools and the AWS SDK read it there). */
const runtimeGlobal = globalThis as { awslambda?: { InvokeStore?: unknown } };

function concurrentInvokeStore(): InvokeStoreBase {
  // Managed Instances set it to the function's concurrency per environment; here there is no limit.
  // Set on every invocation: a test runner may reset the environment between test files.
  process.env.AWS_LAMBDA_MAX_CONCURRENCY ||= '1000';
  runtimeGlobal.awslambda ??= {};
  const runtime = runtimeGlobal.awslambda;
  const installed = runtime.InvokeStore as { [concurrent]?: true } | undefined;
  // The one store of this process, even when this module is loaded more than once.
  if (installed?.[concurrent]) return installed as InvokeStoreBase;
  const store = new ConcurrentInvokeStore();
  // Replaces the one-at-a-time store the AWS SDK installs on its first request, if it came first.
  runtime.InvokeStore = store;
  return store;
}

/** What a local function is, for its invocations' contexts. */
export interface LocalFunction {
  functionName: string;
  /** @default arn:aws:lambda:local:000000000000:function:<functionName> */
  functionArn?: string;
  /** What getRemainingTimeInMillis counts down from. */
  timeoutMs: number;
  /** @default 256 */
  memoryLimitInMB?: number;
}

/** A Lambda context for one in-process invocation, with a request id of its own. */
export function lambdaContext(fn: LocalFunction): Context {
  const started = Date.now();
  const legacy = () => {
    throw new Error('the legacy context.done/fail/succeed are not supported; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.functionArn ?? `arn:aws:lambda:local:000000000000:function:${fn.functionName}`,
    memoryLimitInMB: String(fn.memoryLimitInMB ?? 256),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn.functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, fn.timeoutMs - (Date.now() - started)),
    done: legacy,
    fail: legacy,
    succeed: legacy,
  };
}

/**
 * Runs `invoke` (which calls the handler with `context`) as one invocation: everything it does,
 * including what it awaits, sees its own invocation context and no other's.
 */
export function withinInvocation<T>(context: Context, invoke: () => T): T {
  return concurrentInvokeStore().run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: context.awsRequestId }, invoke);
}
