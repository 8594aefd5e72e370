import type { Context } from 'aws-lambda';
import { AppError } from '#shared/errors';
import type { HttpEvent, HttpResponse } from '#shared/http';
import { logger, withLambdaContext } from '#shared/logger';
import { ODataQueryError } from './odata-error';

/** What a feed route answers: a status, a body already written, and its content type. */
export interface FeedResult {
  status: number;
  body: string;
  contentType: string;
}

/** An OData JSON answer (`odata.metadata=minimal`, the format Power BI asks for). */
export const odataJson = (body: unknown): FeedResult => ({
  status: 200,
  body: JSON.stringify(body),
  contentType: 'application/json;odata.metadata=minimal;odata.streaming=true',
});

/**
 * OData's error JSON: `{"error":{"code","message","target","details"}}` (the same top-level shape
 * as FieldPass's own). A message never holds the key or the query string.
 */
function errorOf(error: unknown, requestId: string): FeedResult {
  const json = (status: number, body: unknown): FeedResult => ({
    status,
    body: JSON.stringify(body),
    contentType: 'application/json;odata.metadata=minimal',
  });
  if (error instanceof ODataQueryError) {
    return json(400, {
      error: {
        code: 'BAD_QUERY',
        message: error.message,
        target: error.target,
        details: [{ code: 'BAD_QUERY', message: error.message, target: error.target }],
      },
    });
  }
  if (error instanceof AppError) return json(error.status, { error: { code: error.code, message: error.message } });
  logger.error('Unhandled error', error as Error);
  return json(500, {
    error: {
      code: 'INTERNAL',
      message: `Something went wrong on our side; quote request id ${requestId} if you contact support`,
    },
  });
}

/** Header names in lower case (API Gateway v2 sends them so; a test event may not). */
export const lowerCaseHeaders = (headers: Record<string, string | undefined> | undefined) =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));

/**
 * A feed route's Lambda handler: the request id in every log line, the result or the error in
 * OData's shape. A refusal (401) is logged with the route and code only: never the key, a header
 * or the query string.
 */
export function feedHandler(route: string, run: (event: HttpEvent) => Promise<FeedResult>) {
  const bare = async (event: HttpEvent): Promise<HttpResponse> => {
    const requestId = event.requestContext?.requestId ?? 'unknown';
    logger.appendKeys({ requestId, route });
    let result: FeedResult;
    try {
      result = await run(event);
    } catch (error) {
      result = errorOf(error, requestId);
      if (result.status === 401) logger.warn('Request refused', { route, status: 401, errorCode: 'FEED_KEY' });
    }
    return {
      statusCode: result.status,
      headers: {
        'content-type': result.contentType,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-request-id': requestId,
        'odata-version': '4.0',
        ...(result.status === 401 ? { 'www-authenticate': 'Basic realm="FieldPass feed"' } : {}),
      },
      body: result.body,
    };
  };
  return Object.assign(withLambdaContext(bare) as (event: HttpEvent, context: Context) => Promise<HttpResponse>, {
    run: bare,
  });
}

/** The feed's root URL as the client called it (nextLink and context URLs are built on it). */
export function serviceRoot(event: HttpEvent): string {
  const headers = lowerCaseHeaders(event.headers);
  const host = event.requestContext?.domainName ?? headers.host ?? 'localhost';
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host);
  const proto = headers['x-forwarded-proto'] ?? (local ? 'http' : 'https');
  return `${proto}://${host}/odata`;
}
