import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles only (an esbuild
 * alias in lib/constructs/fieldpass-function.ts). Lambda always hands a function its role's
 * credentials in environment variables, so the default chain's SSO, STS, INI, process and IMDS
 * providers (about 80 kB minified, a tenth of a cold start's parse work) are dead weight there.
 * Local runs and tests are not bundled and keep the SDK's full chain.
 */
export const defaultProvider: typeof fromEnv = (init) => fromEnv(init);
