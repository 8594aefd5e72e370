import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthSessions } from './auth/sessions';
import { type LocalUserPoolConfig, resolvePools } from './config';
import type { Invitation, ServerContext } from './context';
import { CognitoError } from './errors';
import { operations } from './operations';
import { loadSigner } from './signing-key';
import { CognitoState } from './state';

export type { LocalUserPoolClientConfig, LocalUserPoolConfig, LocalUserPoolTriggers } from './config';
export type { Invitation } from './context';

/** Options of `startLocalCognito`. */
export interface LocalCognitoOptions {
  /** Port to listen on; 0 picks a free one (read it back from `url`). */
  port: number;
  /** @default '127.0.0.1' */
  host?: string;
  pools: LocalUserPoolConfig[];
  /** JSON file that keeps users, groups, refresh tokens and the signing key across restarts. @default in memory only */
  dataFile?: string;
  /** Time for tokens (iat, exp, auth_time), refresh-token and session expiry. @default the system clock */
  clock?: () => Date;
  /** Delivers AdminCreateUser invitations (the local stack e-mails them through the SES stand-in). @default none sent */
  sendInvitation?: (invitation: Invitation) => Promise<void>;
  /** Delivers ForgotPassword codes (the local stack e-mails them through the SES stand-in). @default none sent */
  sendCode?: (message: { poolId: string; email: string; code: string }) => Promise<void>;
}

/** A running local Cognito. */
export interface LocalCognito {
  /** The endpoint to give `CognitoIdentityProviderClient`, e.g. `http://127.0.0.1:9229`. */
  url: string;
  /** The `iss` of the pool's tokens: `${url}/${poolId}`. */
  issuer(poolId: string): string;
  /** The pool's JWKS: `${url}/${poolId}/.well-known/jwks.json`. */
  jwksUrl(poolId: string): string;
  /** Stops listening, closes open connections and waits for pending writes of the data file. */
  stop(): Promise<void>;
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const JSON_11 = 'application/x-amz-json-1.1';
const MAX_BODY_BYTES = 1024 * 1024;
// The SDK's headers, so a browser page (the portal) can call the public operations directly.
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
  'access-control-allow-headers':
    'content-type, x-amz-target, x-amz-user-agent, amz-sdk-invocation-id, amz-sdk-request, authorization, x-amz-date, x-amz-content-sha256, x-amz-security-token',
  'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype',
};

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...CORS_HEADERS, 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

function sendError(res: ServerResponse, requestId: string, error: CognitoError): void {
  send(
    res,
    error.status,
    { __type: error.type, message: error.message },
    { 'content-type': JSON_11, 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.type },
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new CognitoError('SerializationException', 'Request body too large', 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs one API call. Never logs bodies: they hold passwords, tokens and sessions. */
async function handleApiCall(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const target = req.headers['x-amz-target'];
  const operationName =
    typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  try {
    const operation = operationName === undefined ? undefined : operations.get(operationName);
    if (!operation) {
      throw new CognitoError(
        'UnknownOperationException',
        `Unknown operation ${String(target ?? '(no X-Amz-Target header)')}`,
      );
    }
    const text = await readBody(req);
    let input: unknown;
    try {
      input = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      // The parser's message quotes the body, which may hold a password: say nothing of it.
      throw new CognitoError('SerializationException', 'The request body is not valid JSON');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new CognitoError('SerializationException', 'The request body must be a JSON object');
    }
    const output = await operation(ctx, input);
    send(res, 200, output, { 'content-type': JSON_11, 'x-amzn-requestid': requestId });
  } catch (error) {
    if (error instanceof CognitoError) {
      sendError(res, requestId, error);
      return;
    }
    console.error(
      `local Cognito: ${operationName ?? 'request'} failed (request ${requestId}):`,
      (error as Error)?.stack ?? error,
    );
    sendError(res, requestId, new CognitoError('InternalErrorException', `Internal error (request ${requestId})`, 500));
  }
}

/** GET `/<poolId>/.well-known/jwks.json` and `/<poolId>/.well-known/openid-configuration`. */
function handleWellKnown(ctx: ServerContext, pathname: string, res: ServerResponse): void {
  const match = /^\/([^/]+)\/\.well-known\/(jwks\.json|openid-configuration)$/.exec(pathname);
  const poolId = match?.[1];
  if (!match || !poolId || !ctx.directory.pools.has(poolId)) {
    send(res, 404, { message: 'Not found' }, { 'content-type': 'application/json' });
    return;
  }
  const issuer = ctx.issuer(poolId);
  const body =
    match[2] === 'jwks.json'
      ? ctx.signer.jwks()
      : {
          issuer,
          jwks_uri: `${issuer}/.well-known/jwks.json`,
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          response_types_supported: ['code', 'token'],
          scopes_supported: ['openid', 'email', 'phone', 'profile'],
          claims_supported: [
            'sub',
            'iss',
            'aud',
            'auth_time',
            'exp',
            'iat',
            'token_use',
            'cognito:username',
            'cognito:groups',
            'email',
            'email_verified',
          ],
        };
  send(res, 200, body, { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' ? new Error(`Local Cognito: port ${port} on ${host} is already in use`) : error,
      );
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts a local stand-in for Amazon Cognito user pools that the real
 * `@aws-sdk/client-cognito-identity-provider` talks to through an endpoint override. It speaks
 * the JSON 1.1 protocol (POST / with `X-Amz-Target`), issues RS256 JWTs with Cognito's claims
 * and serves each pool's JWKS. See local/cognito/README.md for what it does and does not do.
 * Credentials and request signatures are not checked: bind it to a loopback address only.
 */
export async function startLocalCognito(options: LocalCognitoOptions): Promise<LocalCognito> {
  const directory = resolvePools(options.pools);
  const clock = options.clock ?? (() => new Date());
  const state = await CognitoState.open(options.dataFile);
  const signer = await loadSigner(state.signingKey);
  const host = options.host ?? '127.0.0.1';
  let url = '';
  const ctx: ServerContext = {
    directory,
    state,
    signer,
    sessions: new AuthSessions(clock),
    clock,
    issuer: (poolId) => `${url}/${poolId}`,
    ...(options.sendInvitation ? { sendInvitation: options.sendInvitation } : {}),
    ...(options.sendCode ? { sendCode: options.sendCode } : {}),
  };

  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS).end();
    } else if (req.method === 'POST' && pathname === '/') {
      void handleApiCall(ctx, req, res);
    } else if (req.method === 'GET' || req.method === 'HEAD') {
      handleWellKnown(ctx, pathname, res);
    } else {
      send(res, 405, { message: 'Method not allowed' }, { 'content-type': 'application/json' });
    }
  });
  const port = await listen(server, options.port, host);
  url = `http://${urlHost(host)}:${port}`;

  return {
    url,
    issuer: (poolId) => ctx.issuer(poolId),
    jwksUrl: (poolId) => `${ctx.issuer(poolId)}/.well-known/jwks.json`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await state.flush();
    },
  };
}
