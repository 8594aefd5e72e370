import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod/mini';
import type { ItemRoutes, RouteContract, Schema } from './contract';
import { AppError, PayloadTooLargeError, UnauthorizedError, ValidationError } from './errors';
import { logger, withLambdaContext } from './logger';

/**
 * An external user whose browser was verified by an e-mailed code, as the portal pool's JWT
 * authorizer verified them. What they may reach is checked per request against the table.
 */
export interface PortalCaller {
  accountId: string;
  externalUserId: string;
  /** When the code was accepted (`auth_time`): the 24 hours count from here. */
  verifiedAt: Date;
  /**
   * Set when a staff user views the portal as this external user (decision 0006): the session (its
   * token's `origin_jti`) and, once the pipeline has read the session, the staff user behind it.
   * Such a caller reads and never writes, and what they read is not the external user's activity.
   */
  impersonation?: { sessionId: string; staffUserId: string };
}

/** A signed-in staff user, as the API Gateway JWT authorizer verified them. */
export interface StaffCaller {
  accountId: string;
  userId: string;
  email?: string;
  groups: string[];
}

type Input<S> = NonNullable<S> extends Schema ? z.infer<NonNullable<S>> : undefined;

/** What a handler's use-case function receives: validated input and the verified caller. */
export interface HttpRequest<C extends RouteContract> {
  body: Input<C['body']>;
  query: Input<C['query']>;
  params: Input<C['params']>;
  headers: Input<C['headers']>;
  caller: C['auth'] extends 'staff' ? StaffCaller : C['auth'] extends 'portal' ? PortalCaller : undefined;
  requestId: string;
  event: HttpEvent;
}

/** What a handler returns; mapped to an API Gateway v2 response in one place. */
export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResponse = APIGatewayProxyStructuredResultV2;

export const ok = (body: unknown): HttpResult => ({ status: 200, body });
export const created = (body: unknown): HttpResult => ({ status: 201, body });
export const accepted = (body: unknown): HttpResult => ({ status: 202, body });
export const noContent = (): HttpResult => ({ status: 204 });

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

function respond(requestId: string, result: HttpResult): HttpResponse {
  return {
    statusCode: result.status,
    headers: {
      ...(result.body === undefined ? {} : { 'content-type': 'application/json' }),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-request-id': requestId,
      ...result.headers,
    },
    body: result.body === undefined ? '' : JSON.stringify(result.body),
  };
}

/** The one error shape: `{"error":{"code","message","details"}}`. */
export function errorResult(error: unknown, requestId: string): HttpResult {
  if (error instanceof AppError) {
    return {
      status: error.status,
      headers: error.headers,
      body: { error: { code: error.code, message: error.message, details: error.details } },
    };
  }
  logger.error('Unhandled error', error as Error);
  return {
    status: 500,
    body: {
      error: {
        code: 'INTERNAL',
        message: `Something went wrong on our side; quote request id ${requestId} if you contact support`,
      },
    },
  };
}

/**
 * The answers that refuse the caller, each logged once (R17): 401 (no valid identity or code),
 * 403 (known, but may not) and 404 (what the caller may not see answers as missing). A 400, 409
 * or 429 is about the request, not the caller's rights, and is not logged as a refusal.
 */
const REFUSALS = new Set([401, 403, 404]);

/** Who called, from the verified token's claims as the authorizer passed them: ids only. */
function callerForLog(auth: RouteContract['auth'], event: HttpEvent): Record<string, string> | undefined {
  const claims = event.requestContext?.authorizer?.jwt?.claims ?? {};
  const accountId = String(claims['custom:accountId'] ?? '');
  if (auth === 'staff') return { kind: 'staff', userId: String(claims.sub ?? ''), accountId };
  if (auth === 'portal') {
    return { kind: 'external', externalUserId: String(claims['cognito:username'] ?? claims.username ?? ''), accountId };
  }
  return undefined;
}

/**
 * Logs a refusal with who was refused, where and why: the caller's ids, the route, the path's
 * ids, the status and the error code. Never a header, query, body or token.
 */
function logRefusal(contract: RouteContract, event: HttpEvent, result: HttpResult): void {
  if (!REFUSALS.has(result.status)) return;
  const caller = callerForLog(contract.auth, event);
  logger.warn('Request refused', {
    route: `${contract.method} ${contract.path}`,
    status: result.status,
    errorCode: (result.body as { error?: { code?: string } } | undefined)?.error?.code,
    ...(caller ? { caller } : {}),
    ...(event.pathParameters ? { target: event.pathParameters } : {}),
  });
}

function validate<S extends Schema>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  throw new ValidationError(
    `The request ${where} is not valid`,
    result.error.issues.map((issue) => ({
      path: [where, ...issue.path.map(String)].join('.'),
      code: issue.code,
      message: issue.message,
    })),
  );
}

function readBody(contract: RouteContract, event: HttpEvent): unknown {
  const raw = event.body ?? '';
  if (contract.bodyOptional && raw === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const limit = contract.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (Buffer.byteLength(text, 'utf8') > limit) throw new PayloadTooLargeError(limit);
  const type = event.headers?.['content-type'] ?? '';
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new ValidationError(
      'The request body must be JSON (content-type: application/json)',
      undefined,
      'INVALID_JSON',
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('The request body is not valid JSON', undefined, 'INVALID_JSON');
  }
}

/**
 * The verified staff identity. API Gateway's JWT authorizer has already checked signature,
 * issuer, audience and expiry; this reads its claims (all strings, arrays as "[a b]") and
 * refuses a token that names no account, so every key can start with the token's tenant.
 */
export function staffCallerFrom(event: HttpEvent): StaffCaller {
  const claims = event.requestContext.authorizer?.jwt?.claims ?? {};
  const accountId = claims['custom:accountId'];
  const userId = claims.sub;
  if (typeof accountId !== 'string' || accountId === '' || typeof userId !== 'string' || userId === '') {
    throw new UnauthorizedError('The token does not identify a FieldPass account');
  }
  const rawGroups = claims['cognito:groups'];
  const groups = Array.isArray(rawGroups)
    ? rawGroups.map(String)
    : typeof rawGroups === 'string'
      ? rawGroups
          .replace(/^\[|\]$/g, '')
          .split(/[\s,]+/)
          .filter(Boolean)
      : [];
  const email = claims.email;
  return { accountId, userId, groups, ...(typeof email === 'string' ? { email } : {}) };
}

/** Header names as HTTP treats them (API Gateway v2 lower-cases them already; a test event may not). */
function lowerCaseNames(headers: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) out[name.toLowerCase()] = value;
  return out;
}

/** Validates the request against its contract; throws the 4xx error that names what is wrong. */
export function parseRequest<C extends RouteContract>(contract: C, event: HttpEvent, options: HandlerOptions = {}) {
  // The caller first: an impersonation reads, never writes, whatever the route (decision 0006;
  // the portal's caller reader refuses it).
  const caller = callerOf(contract, event, options);
  return {
    body: contract.body ? validate(contract.body, readBody(contract, event), 'body') : undefined,
    query: contract.query ? validate(contract.query, event.queryStringParameters ?? {}, 'query') : undefined,
    params: contract.params ? validate(contract.params, event.pathParameters ?? {}, 'params') : undefined,
    headers: contract.headers ? validate(contract.headers, lowerCaseNames(event.headers), 'headers') : undefined,
    caller,
  };
}

/**
 * The verified caller of `contract`'s kind. A portal route's is read by the reader its handler
 * is given (`{ portal: portalCaller }`, shared/portal-caller.ts), so the external user's checks
 * (the 24 hours, impersonation and its read-only rule) are only in the portal routes' bundles: a
 * staff route's authorizer accepts only the staff pool's tokens, and a public route has no token.
 */
function callerOf(
  contract: RouteContract,
  event: HttpEvent,
  options: HandlerOptions,
): StaffCaller | PortalCaller | undefined {
  switch (contract.auth) {
    case 'staff':
      return staffCallerFrom(event);
    case 'portal':
      // Checked when the handler is made (`httpHandler`), so never missing here.
      return options.portal?.(contract, event, options.impersonation !== undefined);
    case 'none':
      return undefined;
  }
}

/**
 * Wraps a use-case function as an API Gateway v2 Lambda handler: request id and Lambda context
 * in every log line, input validated against the contract, result or error mapped to HTTP, and
 * each refusal (401, 403, 404) logged with the caller, route and code.
 * Returns the handler; `.run` is the bare function (no Lambda context) for unit tests.
 *
 * The pipeline is plain functions, not middy. middy's own middlewares would not keep the
 * behaviour: `http-json-body-parser` answers 415 and 422 where FieldPass answers
 * 400 INVALID_JSON, `http-error-handler` writes another error shape, and neither knows the body
 * limit, the contract's zod schemas or the refusal log; so each step would be a FieldPass
 * middleware anyway, the same code split into before/after/onError hooks, with middy's core
 * (2.6 kB minified; 7.4 kB with those three middlewares) in each of the 120-odd route bundles,
 * some near their 250 kB budget. Logging's Lambda context comes from `withLambdaContext`.
 */
export function httpHandler<C extends RouteContract>(
  contract: C,
  run: (request: HttpRequest<C>) => Promise<HttpResult>,
  options: HandlerOptions = {},
) {
  if (contract.auth === 'portal' && !options.portal) throw new Error(`${contract.path} needs { portal: portalCaller }`);
  const bare = async (event: HttpEvent): Promise<HttpResponse> => {
    const requestId = event.requestContext?.requestId ?? 'unknown';
    logger.appendKeys({ requestId, route: `${contract.method} ${contract.path}` });
    try {
      const input = parseRequest(contract, event, options);
      const caller = input.caller as PortalCaller;
      // An impersonation reads only through a route given the sessions store (decision 0006);
      // both calls do nothing for any other caller.
      await options.impersonation?.check(caller);
      const result = await run({ ...input, requestId, event } as HttpRequest<C>);
      if (result.status < 300) await options.impersonation?.noted(`${contract.method} ${contract.path}`, event, caller);
      return respond(requestId, result);
    } catch (error) {
      const result = errorResult(error, requestId);
      logRefusal(contract, event, result);
      return respond(requestId, result);
    }
  };
  return Object.assign(withLambdaContext(bare), { run: bare });
}

/** What a route's handler is given besides its contract and use case, so only its bundle holds it. */
export interface HandlerOptions {
  /**
   * How a portal route reads its caller: `portalCaller` (shared/portal-caller.ts), required by
   * every route whose contract's auth is `portal`. `sessionsChecked` says the route was given the
   * sessions store below: an impersonation may call no other.
   */
  portal?: (contract: RouteContract, event: HttpEvent, sessionsChecked: boolean) => PortalCaller;
  /**
   * The impersonation sessions store (shared/data/impersonation-sessions.ts), which the portal
   * routes an impersonation may call pass as `{ impersonation }` (decision 0006): `check` refuses a
   * session stopped or over and names its staff user; `noted` files a page. Both do nothing for a
   * caller who is not an impersonation.
   */
  impersonation?: {
    check(caller: PortalCaller): Promise<void>;
    noted(route: string, event: HttpEvent, caller: PortalCaller): Promise<unknown>;
  };
}

/** What an item handler's use-case function receives: the request of the route called, and its item. */
export type ItemRequest<R> = {
  [T in keyof R & string]: R[T] extends RouteContract
    ? HttpRequest<R[T]> & {
        /** The item the route acts on: its type (the route's key) and its id (the path's `<type>Id`). */
        item: { type: T; id: string };
      }
    : never;
}[keyof R & string];

/**
 * One handler module for an operation served alike for several item types: the job's and the
 * incident's route of "update a checklist", say, are two routes (and two Lambda functions, each
 * with its route's permissions) running the same module. The event's `routeKey` ("PUT
 * /jobs/{jobId}/checklists/{checklistId}"; the local HTTP API sets it too) picks the route's
 * contract; the request is validated with it, as `httpHandler` does, and `run` gets the typed
 * item (`{ type: 'job', id }` from the path's `jobId`) besides the usual input. A route key none of
 * `routes` has is a wiring mistake: 500, logged.
 *
 * Used where the item types share one use case that takes the type: jobs and incidents in
 * assignments, checklists, audit and portal. The work item types themselves (jobs, incidents,
 * logs, risks, risk assessments, projects) keep one handler module per route and type: each type
 * has a service of its own, so one module per operation would put every type's service in every
 * function. Measured when this was decided: one module per operation for all six types makes the
 * create function 306 kB (67 kB own code), over the 300 kB / 60 kB budget, and list and update
 * reach 59.7 kB own code; jobs and incidents alone still fit (create 297 kB), but add 3–6 kB to
 * each of their fourteen functions to save seven three-line files whose types already hold.
 */
export function itemHandler<R extends ItemRoutes<R>>(
  routes: R,
  run: (request: ItemRequest<R>) => Promise<HttpResult>,
  options: HandlerOptions = {},
) {
  const byRouteKey = new Map(
    Object.entries<RouteContract>(routes).map(([type, contract]) => [
      `${contract.method} ${contract.path}`,
      // The params are valid by the route's contract, which `ItemRoutes` makes name `<type>Id`.
      httpHandler(
        contract,
        (request) =>
          run({ ...request, item: { type, id: String(Object(request.params)[`${type}Id`]) } } as ItemRequest<R>),
        options,
      ),
    ]),
  );
  const bare = (event: HttpEvent) => byRouteKey.get(event.routeKey)?.run(event) ?? servesNoRoute(event);
  const handler = (event: HttpEvent, context: Context) =>
    byRouteKey.get(event.routeKey)?.(event, context) ?? servesNoRoute(event);
  return Object.assign(handler, { run: bare });
}

/** The answer of an item handler to a route it does not serve: a wiring mistake, 500 (logged). */
async function servesNoRoute(event: HttpEvent): Promise<HttpResponse> {
  const requestId = event.requestContext?.requestId ?? 'unknown';
  return respond(requestId, errorResult(new Error(`This handler serves no route ${event.routeKey}`), requestId));
}
