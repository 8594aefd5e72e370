import { NotFoundError } from '#shared/errors';
import { errorResult, type HttpEvent, type HttpResponse } from '#shared/http';
import { logger } from '#shared/logger';

/**
 * API Gateway's `$default` route: any method and path no other route matches gets the
 * FieldPass error shape instead of the gateway's bare `{"message":"Not Found"}`.
 */
export const handler = async (event: HttpEvent): Promise<HttpResponse> => {
  const requestId = event.requestContext?.requestId ?? 'unknown';
  const result = errorResult(
    new NotFoundError(`No route ${event.requestContext?.http?.method} ${event.rawPath}`),
    requestId,
  );
  logger.info('Unknown route', { requestId, method: event.requestContext?.http?.method });
  return {
    statusCode: result.status,
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, 'cache-control': 'no-store' },
    body: JSON.stringify(result.body),
  };
};
