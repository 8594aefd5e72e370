import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { errorSchema, type RouteContract } from './contract';

const errorResponses = {
  400: 'The input is not valid; `error.details` lists each failing field',
  401: 'Missing, expired or invalid bearer token',
  403: 'Signed in, but not allowed to do this',
  404: 'Nothing to see here',
  409: 'Conflict: stale version or a uniqueness rule',
  413: 'The body is too large',
  429: 'Too many requests; see Retry-After',
  500: 'Something failed on our side; the answer carries a request id',
} as const;

/**
 * Builds the OpenAPI 3.1 description from the same route contracts the handlers validate with.
 */
export function buildOpenApiDocument(contracts: RouteContract[]) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'staffJwt', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'The Cognito ID token of a staff user (staff user pool)',
  });
  const errorContent = { 'application/json': { schema: errorSchema } };
  for (const c of contracts) {
    const failures = Object.fromEntries(
      Object.entries(errorResponses)
        .filter(([status]) => c.auth !== 'none' || !['401', '403'].includes(status))
        .filter(([status]) => c.body || status !== '413')
        .map(([status, description]) => [status, { description, content: errorContent }]),
    );
    registry.registerPath({
      method: c.method.toLowerCase() as 'get',
      path: c.path,
      operationId: c.operationId,
      summary: c.summary,
      tags: c.tags,
      security: c.auth === 'staff' ? [{ staffJwt: [] }] : [],
      request: {
        ...(c.body ? { body: { required: true, content: { 'application/json': { schema: c.body } } } } : {}),
        ...(c.query ? { query: c.query as never } : {}),
        ...(c.params ? { params: c.params as never } : {}),
      },
      responses: {
        ...Object.fromEntries(
          Object.entries(c.responses).map(([status, r]) => [
            status,
            r.schema
              ? { description: r.description, content: { 'application/json': { schema: r.schema } } }
              : { description: r.description },
          ]),
        ),
        ...failures,
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'FieldPass API',
      version: '0.1.0',
      description:
        'Staff and portal API of FieldPass. Every error answer has the shape {"error":{"code","message","details"}}; ' +
        'every answer carries an x-request-id header.',
    },
  });
}
