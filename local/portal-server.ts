import { createServer, type Server } from 'node:http';
import { buildConsole, buildPortal, consoleConfigScript, type PortalFiles, portalConfigScript } from '../web/build';
import { closeServer, listenOn } from './ports';

export interface LocalPortalOptions {
  port: number;
  /** The local HTTP API the page calls (written into `config.js`). */
  apiUrl: string;
  /** Other origins the page may reach (the S3 stand-in for presigned uploads and downloads). */
  connectOrigins?: string[];
}

/**
 * Serves the portal page (web/) at the portal URL the e-mailed links point to, built with
 * esbuild at start, with a `config.js` naming the local API. It sends the strict Content
 * Security Policy a deployment would (no inline script or style), so a page that needs one
 * breaks here first.
 */
export async function startLocalPortal(options: LocalPortalOptions): Promise<{ url: string; stop(): Promise<void> }> {
  const files = await buildPortal();
  files.set('/config.js', {
    body: Buffer.from(portalConfigScript({ apiUrl: options.apiUrl })),
    contentType: 'text/javascript; charset=utf-8',
  });
  return serveSite(files, options);
}

export interface LocalConsoleOptions extends LocalPortalOptions {
  /** The local Cognito (the console signs in against the staff pool there). */
  cognitoUrl: string;
  /** The staff pool's app client. */
  clientId: string;
  /** The portal page, which the console's "Impersonate" opens. */
  portalUrl: string;
}

/**
 * Serves the staff console (web/console/) at the local `staffUrl`, as the portal page is served:
 * built at start, a `config.js` naming the local API and Cognito, the same strict policy. Every
 * path that is not a file answers `index.html`, so the owner e-mail's `<staffUrl>/jobs/<id>`
 * opens the console on that job.
 */
export async function startLocalConsole(options: LocalConsoleOptions): Promise<{ url: string; stop(): Promise<void> }> {
  const files = await buildConsole();
  files.set('/config.js', {
    body: Buffer.from(consoleConfigScript(options)),
    contentType: 'text/javascript; charset=utf-8',
  });
  return serveSite(files, { ...options, connectOrigins: [...(options.connectOrigins ?? []), options.cognitoUrl] });
}

/** Serves one built site on 127.0.0.1 with the deployed headers; unknown paths get `index.html`. */
async function serveSite(
  files: PortalFiles,
  options: LocalPortalOptions,
): Promise<{ url: string; stop(): Promise<void> }> {
  const reach = [new URL(options.apiUrl).origin, ...(options.connectOrigins ?? []).map((o) => new URL(o).origin)];
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob: ${reach.join(' ')}`,
    `connect-src 'self' ${reach.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    // One page: every path that is not a file gets index.html (the route lives in the fragment
    // for the portal, in the path for the console).
    const file = files.get(path) ?? files.get('/index.html');
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(405).end();
      return;
    }
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-length': file.body.length,
      'cache-control': 'no-store',
      'content-security-policy': csp,
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });
  await listenOn(server, options.port);
  return { url: `http://127.0.0.1:${options.port}`, stop: () => closeServer(server) };
}
