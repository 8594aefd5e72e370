import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { StreamChange } from '../../functions/shared/stream-change';

/** A payload-2.0 event as API Gateway builds it, for unit tests that call a handler directly. */
export function httpEvent(overrides: {
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  claims?: Record<string, string>;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const method = overrides.method ?? 'GET';
  const path = overrides.path ?? '/';
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: overrides.headers ?? {},
    ...(overrides.query ? { queryStringParameters: overrides.query } : {}),
    ...(overrides.pathParameters ? { pathParameters: overrides.pathParameters } : {}),
    ...(overrides.body !== undefined ? { body: overrides.body } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: overrides.claims ?? {}, scopes: [] } },
      domainName: 'test',
      domainPrefix: 'test',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'req-123',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
  };
}

/** A stream change as the consumer reads it (a MODIFY with no images), with `over` applied. */
export const streamChange = (over: Partial<StreamChange>): StreamChange => ({
  eventName: 'MODIFY',
  eventId: 'e-1',
  sequenceNumber: '1',
  entity: undefined,
  keys: {},
  newImage: undefined,
  oldImage: undefined,
  isTtlExpiry: false,
  approximateCreationTime: new Date('2026-12-02T09:00:00Z'),
  ...over,
});
