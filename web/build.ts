import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, type BuildResult, build, buildSync } from 'esbuild';

const webRoot = dirname(fileURLToPath(import.meta.url));

/** The portal page's files, by the path they are served at. */
export type PortalFiles = Map<string, { body: Buffer; contentType: string }>;

/** How the page is bundled, whether in the background (local stack) or synchronously (CDK synth). */
function portalBuildOptions(options: { minify?: boolean }) {
  return {
    entryPoints: { app: join(webRoot, 'src', 'main.ts'), styles: join(webRoot, 'src', 'styles.css') },
    bundle: true,
    write: false,
    outdir: '/',
    format: 'esm',
    target: ['es2022', 'safari15'],
    minify: options.minify ?? true,
    sourcemap: 'linked',
    logLevel: 'silent',
  } satisfies BuildOptions;
}

/** The build's output files, with `index.html` as it is, by the path they are served at. */
function portalFilesOf(result: BuildResult<{ write: false }>): PortalFiles {
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
    body: readFileSync(join(webRoot, 'index.html')),
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
