import { fileURLToPath } from 'node:url';

/**
 * The repository root, found from this module's own location (lib/ sits directly under it), so
 * bundling works whatever directory `cdk` or vitest was started from.
 */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
