/**
 * Reads a required environment variable once, at module load, and fails fast naming it.
 * Handlers call this at module scope so a misconfigured function fails its cold start, loudly.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Missing required environment variable ${name}`);
  }
  return value;
}

/** An optional environment variable, with a default. */
export function optionalEnv(name: string, fallback: string): string {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
}
