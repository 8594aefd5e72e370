declare global {
  /**
   * Defined as `false` in a Lambda bundle (`lambdaBundling.define`); undefined everywhere else.
   * Tested by `docs`; where a string only the document reads is made by helpers, the helpers'
   * caller tests the global itself (`typeof FIELDPASS_OPENAPI_STRINGS === 'undefined' && …`):
   * esbuild decides what a bundle uses before it folds an imported constant such as `docs`, so
   * helpers named only under `docs && …` would stay in the bundle, while the global's own test is
   * folded as the module is read.
   */
  const FIELDPASS_OPENAPI_STRINGS: false | undefined;
}

/**
 * Whether this code keeps the contracts' OpenAPI strings (descriptions, examples, route summaries
 * and answers' descriptions), which only the OpenAPI document and the stack's route descriptions
 * read. A Lambda bundle defines `FIELDPASS_OPENAPI_STRINGS` as `false`, so there `docs` is `false`
 * and a string written `docs ? '…' : ''` or `docs && { description: '…' }` is left out of the
 * bundle; everywhere else (the OpenAPI writer, CDK synth, tests, the browser) it is `true` and the
 * strings are as written. Decision 0003.
 */
export const docs: boolean = typeof FIELDPASS_OPENAPI_STRINGS === 'undefined';
