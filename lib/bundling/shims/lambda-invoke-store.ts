/** The part of the Lambda runtime's InvokeStore the bundled code reads. */
interface RuntimeInvokeStore {
  getXRayTraceId(): string | undefined;
  getTraceparent?(): string | undefined;
  getTracestate?(): string | undefined;
  getBaggage?(): string | undefined;
}

const runtime = globalThis as { awslambda?: { InvokeStore?: RuntimeInvokeStore } };

/**
 * Stands in for `@aws/lambda-invoke-store` in the Lambda bundles only (an esbuild alias in
 * lib/constructs/fieldpass-function.ts). The AWS SDK's recursion-detection middleware asks it for
 * the invocation's store to copy the X-Ray trace id (and W3C trace context) onto each request;
 * Powertools Batch imports it only so that `globalThis.awslambda` exists, and reads the store
 * there with optional chaining. The package (2.2 kB in nearly every bundle) answers the store the
 * Lambda runtime publishes at `globalThis.awslambda.InvokeStore` whenever there is one, and
 * otherwise a store of its own that holds no invocation (so the middleware falls back to
 * `_X_AMZN_TRACE_ID`). This answers the runtime's store, read at each call, and otherwise nothing,
 * which the middleware treats the same way: the trace id sent is the same in every case.
 * Local runs and tests are not bundled and keep the package.
 */
export const InvokeStore = {
  getInstanceAsync: async (): Promise<RuntimeInvokeStore | undefined> => runtime.awslambda?.InvokeStore,
};
