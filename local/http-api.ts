import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { RouteBinding } from '../functions/routes';
import type { RouteAuth } from '../functions/shared/contract';
import { lambdaContext, withinInvocation } from './lambda-runtime';
import { closeServer, listenOn } from './ports';

/** API Gateway HTTP APIs refuse bodies over 10 MB before any function runs. */
const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<unknown>;

/** How a JWT authorizer verifies tokens, as configured in the CDK stack. */
export interface JwtAuthorizerConfig {
  issuer: string;
  jwksUrl: string;
  /** App client ids; a token passes when its `aud` or `client_id` is one of them. */
  audience: string[];
}

export interface LocalHttpApiOptions {
  port: number;
  routes: RouteBinding[];
  notFoundEntry: string;
  /** The JWT authorizer of `auth: 'staff'` routes (the staff pool). */
  staffAuthorizer: JwtAuthorizerConfig;
  /** The JWT authorizer of `auth: 'portal'` routes (the portal pool). */
  portalAuthorizer: JwtAuthorizerConfig;
  repoRoot: string;
  /** Prints one line per request. */
  accessLog?: (line: string) => void;
  /** Called once a request is answered: what the handler wrote is on the stream (the mappings' nudge). */
  onAnswered?: () => void;
  /** Origins allowed by CORS, as the CDK stack's `corsPreflight` (the portal's). @default none */
  corsOrigins?: string[];
}

/** The CDK stack's `corsPreflight`, minus the origins (lib/constructs/http-api.ts). */
const CORS = {
  'access-control-allow-methods': 'GET,HEAD,POST,PUT,PATCH,DELETE',
  'access-control-allow-headers': 'authorization,content-type,x-link-token',
  'access-control-max-age': '3600',
};
const CORS_EXPOSE = { 'access-control-expose-headers': 'x-request-id,retry-after' };

interface CompiledRoute {
  method: string;
  path: string;
  pattern: RegExp;
  paramNames: string[];
  auth: RouteAuth;
  handler: Handler;
  functionName: string;
}

function compile(path: string): { pattern: RegExp; paramNames: string[] } {
  const paramNames: string[] = [];
  const source = path
    .split('/')
    .map((part) => {
      const greedy = /^\{(\w+)\+\}$/.exec(part);
      if (greedy?.[1]) {
        paramNames.push(greedy[1]);
        return '(.+)';
      }
      const param = /^\{(\w+)\}$/.exec(part);
      if (param?.[1]) {
        paramNames.push(param[1]);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), paramNames };
}

async function loadHandler(repoRoot: string, entry: string): Promise<Handler> {
  const module = (await import(pathToFileURL(join(repoRoot, entry)).href)) as { handler?: Handler };
  if (typeof module.handler !== 'function') throw new Error(`${entry} exports no handler`);
  return module.handler;
}

/** API Gateway passes JWT claims to the function as strings; arrays look like "[a b]". */
function claimsAsGateway(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value),
    ]),
  );
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;

function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= GATEWAY_MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > GATEWAY_MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  res.writeHead(status, headers);
  res.end(body);
}

/** API Gateway's JWT authorizer: signature, issuer, expiry, and `aud` or `client_id` among the audience. */
function jwtAuthorizer(config: JwtAuthorizerConfig) {
  const jwks = createRemoteJWKSet(new URL(config.jwksUrl));
  return async (header: string | undefined): Promise<JWTPayload | undefined> => {
    if (!header) return undefined;
    const token = header.replace(/^Bearer\s+/i, '');
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: config.issuer });
      const audience = [payload.aud, payload.client_id].flat().filter((a): a is string => typeof a === 'string');
      return audience.some((a) => config.audience.includes(a)) ? payload : undefined;
    } catch {
      return undefined;
    }
  };
}

/**
 * A local stand-in for API Gateway HTTP API: it turns each request into a payload-2.0 event for
 * the same handler modules CDK deploys, runs the JWT authorizers on staff and portal routes (signature,
 * issuer, audience, expiry against the user pool's JWKS) and gives the gateway's own answers
 * where the gateway would answer: 400 for a path it cannot percent-decode, 401 for a bad token,
 * 413 over 10 MB, 500 if a handler throws.
 */
export async function startLocalHttpApi(options: LocalHttpApiOptions): Promise<{ url: string; stop(): Promise<void> }> {
  const compiled: CompiledRoute[] = [];
  for (const route of options.routes) {
    const { pattern, paramNames } = compile(route.contract.path);
    compiled.push({
      method: route.contract.method,
      path: route.contract.path,
      pattern,
      paramNames,
      auth: route.contract.auth,
      handler: await loadHandler(options.repoRoot, route.entry),
      functionName: route.contract.operationId,
    });
  }
  // Literal paths win over templated ones, as in API Gateway.
  compiled.sort((a, b) => a.paramNames.length - b.paramNames.length);
  const notFound = await loadHandler(options.repoRoot, options.notFoundEntry);
  const authorizers = {
    staff: jwtAuthorizer(options.staffAuthorizer),
    portal: jwtAuthorizer(options.portalAuthorizer),
  } satisfies Record<Exclude<RouteAuth, 'none'>, unknown>;

  const corsOrigins = new Set(options.corsOrigins ?? []);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const gatewayRequestId = randomBytes(12).toString('base64url');
    const origin = req.headers.origin;
    const allowed = origin !== undefined && corsOrigins.has(origin);
    // API Gateway adds the CORS headers to every answer for an allowed origin, its own answers too.
    const gatewayHeaders: Record<string, string> = {
      'apigw-requestid': gatewayRequestId,
      ...(allowed ? { 'access-control-allow-origin': origin, ...CORS_EXPOSE, vary: 'origin' } : {}),
    };
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    // A preflight is answered by the gateway itself, before any route or authorizer.
    if (method === 'OPTIONS' && corsOrigins.size > 0 && req.headers['access-control-request-method']) {
      req.resume();
      const headers = allowed ? { ...gatewayHeaders, ...CORS } : gatewayHeaders;
      send(res, 204, headers, '');
      return 204;
    }
    // API Gateway refuses a path it cannot percent-decode (a lone `%`, `%zz`, broken UTF-8) itself.
    if (!decodable(url.pathname)) {
      req.resume();
      send(res, 400, { ...gatewayHeaders, 'content-type': 'application/json' }, '{"message":"Bad Request"}');
      return 400;
    }
    const body = await readBody(req);
    if (body === 'too-large') {
      send(
        res,
        413,
        { ...gatewayHeaders, 'content-type': 'application/json' },
        '{"message":"Request Entity Too Large"}',
      );
      return 413;
    }
    let route: CompiledRoute | undefined;
    let match: RegExpExecArray | null = null;
    for (const candidate of compiled) {
      if (candidate.method !== method) continue;
      match = candidate.pattern.exec(url.pathname);
      if (match) {
        route = candidate;
        break;
      }
    }
    let claims: JWTPayload | undefined;
    if (route && route.auth !== 'none') {
      claims = await authorizers[route.auth](req.headers.authorization);
      if (!claims) {
        send(
          res,
          401,
          { ...gatewayHeaders, 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
          '{"message":"Unauthorized"}',
        );
        return 401;
      }
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers)
        .filter(([name]) => name !== 'cookie')
        .map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : (value ?? '')]),
    );
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
    const pathParameters = route
      ? Object.fromEntries(route.paramNames.map((name, i) => [name, decodeURIComponent(match?.[i + 1] ?? '')]))
      : undefined;
    const isText = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? '');
    const now = new Date();
    const routeKey = route ? `${route.method} ${route.path}` : '$default';
    const event: APIGatewayProxyEventV2WithJWTAuthorizer = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...(req.headers.cookie ? { cookies: req.headers.cookie.split(/;\s*/) } : {}),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(pathParameters && Object.keys(pathParameters).length ? { pathParameters } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer: {
          principalId: '',
          integrationLatency: 0,
          jwt: { claims: claims ? claimsAsGateway(claims) : {}, scopes: [] },
        },
        domainName: headers.host ?? 'localhost',
        domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: gatewayRequestId,
        routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      },
      ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: !isText,
    };
    if (!claims) delete (event.requestContext as { authorizer?: unknown }).authorizer;
    const handler = route?.handler ?? notFound;
    let result: unknown;
    try {
      const context = lambdaContext({ functionName: route?.functionName ?? 'notFound', timeoutMs: 10_000 });
      result = await withinInvocation(context, () => handler(event, context));
    } catch {
      send(res, 500, { ...gatewayHeaders, 'content-type': 'application/json' }, '{"message":"Internal Server Error"}');
      return 500;
    }
    // Payload 2.0: a result without statusCode is taken as a 200 JSON body.
    const structured: APIGatewayProxyStructuredResultV2 =
      typeof result === 'object' && result !== null && 'statusCode' in result
        ? (result as APIGatewayProxyStructuredResultV2)
        : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
    const out = structured.isBase64Encoded ? Buffer.from(structured.body ?? '', 'base64') : (structured.body ?? '');
    const responseHeaders: Record<string, string | string[]> = { ...gatewayHeaders };
    for (const [name, value] of Object.entries(structured.headers ?? {})) responseHeaders[name] = String(value);
    if (structured.cookies?.length) responseHeaders['set-cookie'] = structured.cookies;
    res.writeHead(structured.statusCode ?? 200, responseHeaders);
    res.end(method === 'HEAD' ? undefined : out);
    return structured.statusCode ?? 200;
  }

  const server: Server = createServer((req, res) => {
    const started = Date.now();
    handle(req, res)
      .then((status) => {
        options.onAnswered?.();
        options.accessLog?.(`${req.method} ${req.url?.split('?')[0]} ${status} ${Date.now() - started} ms`);
      })
      .catch(() => {
        if (!res.headersSent)
          send(res, 500, { 'content-type': 'application/json' }, '{"message":"Internal Server Error"}');
      });
  });
  await listenOn(server, options.port);
  return {
    url: `http://127.0.0.1:${options.port}`,
    stop: () => closeServer(server),
  };
}
