import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, type BuildResult, build, buildSync } from 'esbuild';

const webRoot = dirname(fileURLToPath(import.meta.url));

/** The portal page's files, by the path they are served at. */
export type PortalFiles = Map<string, { body: Buffer; contentType: string }>;

/** The two sites web/ builds: the portal page (web/src/) and the staff console (web/console/). */
export type WebSite = 'portal' | 'console';

/** Where each site's script, stylesheet and `index.html` are. */
const sources: Record<WebSite, { script: string; styles: string; index: string }> = {
  portal: {
    script: join(webRoot, 'src', 'main.ts'),
    styles: join(webRoot, 'src', 'styles.css'),
    index: join(webRoot, 'index.html'),
  },
  console: {
    script: join(webRoot, 'console', 'src', 'main.ts'),
    styles: join(webRoot, 'console', 'src', 'styles.css'),
    index: join(webRoot, 'console', 'index.html'),
  },
};

/** How a site is bundled, whether in the background (local stack) or synchronously (CDK synth). */
function portalBuildOptions(options: { minify?: boolean }, site: WebSite = 'portal') {
  return {
    entryPoints: { app: sources[site].script, styles: sources[site].styles },
    bundle: true,
    write: false,
    outdir: '/',
    format: 'esm',
    // The console loads its larger, rarer screens (reports, imports, feed keys) when first opened.
    splitting: site === 'console',
    target: ['es2022', 'safari15'],
    minify: options.minify ?? true,
    sourcemap: 'linked',
    logLevel: 'silent',
  } satisfies BuildOptions;
}

/** The build's output files, with `index.html` as it is, by the path they are served at. */
function portalFilesOf(result: BuildResult<{ write: false }>, site: WebSite = 'portal'): PortalFiles {
  const files: PortalFiles = new Map();
  const types: Record<string, string> = {
    js: 'text/javascript; charset=utf-8',
    css: 'text/css; charset=utf-8',
    map: 'application/json; charset=utf-8',
  };
  for (const file of result.outputFiles) {
    const name = file.path.replace(/^.*[\\/]/, '');
    files.set(`/${name}`, {
      body: Buffer.from(file.contents),
      contentType: types[name.split('.').pop() ?? ''] ?? 'application/octet-stream',
    });
  }
  files.set('/index.html', {
    body: readFileSync(sources[site].index),
    contentType: 'text/html; charset=utf-8',
  });
  return files;
}

/**
 * Bundles the portal page with esbuild (one script, one stylesheet, plus `index.html` as it is),
 * in memory: nothing is written, so there is no build output to keep out of git. Takes well
 * under a second. `config.js` is not part of the build: whoever serves the page writes it, naming
 * the API the page calls.
 */
export async function buildPortal(options: { minify?: boolean } = {}): Promise<PortalFiles> {
  return portalFilesOf(await build(portalBuildOptions(options)));
}

/**
 * {@link buildPortal}, synchronously: the CDK app builds its constructs synchronously, and the
 * portal's deployment needs the files while it is being constructed.
 */
export function buildPortalSync(options: { minify?: boolean } = {}): PortalFiles {
  return portalFilesOf(buildSync(portalBuildOptions(options)));
}

/** The `config.js` the page loads before its script: where the API is. */
export function portalConfigScript(config: { apiUrl: string }): string {
  return `window.FIELDPASS_CONFIG = ${JSON.stringify({ apiUrl: config.apiUrl })};\n`;
}

/**
 * The staff console (web/console/), built as the portal page is: one script, one stylesheet and
 * its own `index.html`. It shares `web/src/dom.ts` with the portal; the portal's bundle does not
 * change with it.
 */
export async function buildConsole(options: { minify?: boolean } = {}): Promise<PortalFiles> {
  return portalFilesOf(await build(portalBuildOptions(options, 'console')), 'console');
}

/** {@link buildConsole}, synchronously (CDK synth). */
export function buildConsoleSync(options: { minify?: boolean } = {}): PortalFiles {
  return portalFilesOf(buildSync(portalBuildOptions(options, 'console')), 'console');
}

/** What the console's `config.js` names: the API, and the staff pool's Cognito endpoint and app client. */
export interface ConsoleConfig {
  apiUrl: string;
  /** Cognito's endpoint for the pool's region (`https://cognito-idp.<region>.amazonaws.com/`), or the local stand-in. */
  cognitoUrl: string;
  /** The staff pool's app client (no secret: the console signs in with USER_PASSWORD_AUTH). */
  clientId: string;
  /** The portal page, which "Impersonate" opens with the session the API answered (`#/as?token=…`). */
  portalUrl: string;
}

/** The `config.js` the console loads before its script. */
export function consoleConfigScript(config: ConsoleConfig): string {
  const { apiUrl, cognitoUrl, clientId, portalUrl } = config;
  return `window.FIELDPASS_CONFIG = ${JSON.stringify({ apiUrl, cognitoUrl, clientId, portalUrl })};\n`;
}
