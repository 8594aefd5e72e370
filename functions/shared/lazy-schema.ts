// Kept apart from contract.ts, which sets zod's locale at load (a side effect every importer
// would carry): record schemas and repositories import this alone.

/**
 * A schema built on its first use instead of at module load: `lazySchema(() => z.object(…))` is
 * that schema wherever it is used (parse, nest, extend, `z.infer`, the OpenAPI document), but its
 * zod objects are made only when something first reads it. Building schemas is most of what a
 * function's cold load spends beyond the SDK (docs/performance.md, decision 0003): record schemas
 * of items a function never reads and response schemas (used only by the OpenAPI document) are
 * never built in Lambda, and the rest move from the init phase to the request that needs them.
 *
 * The schema is a Proxy that builds it once and forwards every access to it; give it a name or
 * description on the Proxy (`component('Id', lazySchema(…))`) so every reference shares one
 * identity. Declared free of side effects, so a bundle that never reads it leaves it out.
 */
/* @__NO_SIDE_EFFECTS__ */
export function lazySchema<S extends object>(build: () => S): S {
  let built: S | undefined;
  // Every trap (get, has, ownKeys …) is Reflect's of the same name, on the schema once built. A
  // property is reported configurable: the Proxy's own target holds none of the schema's.
  const traps = new Proxy({} as ProxyHandler<S>, {
    get:
      (_, trap: keyof typeof Reflect) =>
      (_target: S, ...args: unknown[]) => {
        built ??= build();
        // biome-ignore lint/suspicious/noExplicitAny: every trap's arguments are its Reflect function's
        const answer = (Reflect[trap] as any)(built, ...args);
        return trap === 'getOwnPropertyDescriptor' && answer ? { ...answer, configurable: true } : answer;
      },
  });
  return new Proxy({} as S, traps);
}
