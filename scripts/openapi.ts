import * as z from 'zod/mini';
import { errorSchema, type RouteContract, type Schema } from '../functions/shared/contract';

type Json = Record<string, unknown>;

/** The error answers, one shared response component each (`#/components/responses/<name>`). */
const errorResponses = {
  400: ['BadRequest', 'The input is not valid; `error.details` lists each failing field'],
  401: ['Unauthorized', 'Missing, expired or invalid bearer token'],
  403: ['Forbidden', 'Signed in, but not allowed to do this'],
  404: ['NotFound', 'Nothing to see here'],
  409: ['Conflict', 'Conflict: stale version or a uniqueness rule'],
  413: ['PayloadTooLarge', 'The body is too large'],
  429: ['TooManyRequests', 'Too many requests; see Retry-After'],
  500: ['InternalError', 'Something failed on our side; the answer carries a request id'],
} as const;

/**
 * Turns zod schemas into OpenAPI 3.1 schema objects with zod's own JSON Schema generator.
 * Schemas named with `component()` become `#/components/schemas/<id>` references.
 */
class SchemaCollector {
  readonly components: Record<string, Json> = {};

  /**
   * Responses are described in `input` mode too: it leaves plain objects open
   * (no `additionalProperties: false`), so adding a response field later breaks no client.
   */
  toSchema(schema: Schema, io: 'input' | 'output'): Json {
    const {
      $schema: _,
      $defs,
      ...root
    } = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
    }) as Json & { $defs?: Record<string, Json> };
    for (const [id, definition] of Object.entries($defs ?? {})) {
      const rewritten = this.rewrite(definition);
      const known = this.components[id];
      if (known && JSON.stringify(known) !== JSON.stringify(rewritten)) {
        throw new Error(`Two different schemas are named ${id}`);
      }
      this.components[id] = rewritten;
    }
    return this.rewrite(root);
  }

  /** Query or path parameters from an object schema, one per property. */
  toParameters(schema: Schema, where: 'query' | 'path' | 'header'): Json[] {
    const json = this.toSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
    return Object.entries(json.properties ?? {}).map(([name, property]) => ({
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      // A list in one parameter is sent comma-separated (e.g. a report's `columns=a,b`).
      ...((property as { type?: unknown }).type === 'array' ? { style: 'form', explode: false } : {}),
      schema: property,
    }));
  }

  private rewrite(value: Json): Json {
    return JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'));
  }
}

/**
 * Builds the OpenAPI 3.1 description from the same route contracts the handlers validate with.
 * `npm run openapi` writes it to docs/openapi.json, which GET /openapi.json serves.
 */
export function buildOpenApiDocument(contracts: RouteContract[]) {
  const schemas = new SchemaCollector();
  const errorContent = { 'application/json': { schema: schemas.toSchema(errorSchema, 'input') } };
  const paths: Record<string, Record<string, Json>> = {};
  for (const c of contracts) {
    const failures = Object.entries(errorResponses)
      .filter(([status]) => c.auth !== 'none' || !['401', '403'].includes(status))
      .filter(([status]) => c.body || status !== '413')
      .map(([status, [name]]) => [status, { $ref: `#/components/responses/${name}` }]);
    const successes = Object.entries(c.responses).map(([status, r]) => [
      status,
      r.schema
        ? {
            description: r.description,
            content: { 'application/json': { schema: schemas.toSchema(r.schema, 'input') } },
          }
        : { description: r.description },
    ]);
    const parameters = [
      ...(c.params ? schemas.toParameters(c.params, 'path') : []),
      ...(c.query ? schemas.toParameters(c.query, 'query') : []),
      ...(c.headers ? schemas.toParameters(c.headers, 'header') : []),
    ];
    paths[c.path] ??= {};
    paths[c.path]![c.method.toLowerCase()] = {
      operationId: c.operationId,
      summary: c.summary,
      tags: c.tags,
      security: c.auth === 'staff' ? [{ staffJwt: [] }] : c.auth === 'portal' ? [{ portalJwt: [] }] : [],
      ...(parameters.length ? { parameters } : {}),
      ...(c.body
        ? {
            requestBody: {
              required: !c.bodyOptional,
              content: { 'application/json': { schema: schemas.toSchema(c.body, 'input') } },
            },
          }
        : {}),
      responses: Object.fromEntries([...successes, ...failures]),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'FieldPass API',
      version: '0.1.0',
      description:
        'Staff and portal API of FieldPass. Every error answer has the shape {"error":{"code","message","details"}}; ' +
        'every answer carries an x-request-id header. Staff routes take the Cognito ID token of a staff user as a bearer.',
    },
    components: {
      securitySchemes: {
        staffJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The Cognito ID token of a staff user (staff user pool)',
        },
        portalJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'The ID token of an external user from POST /portal/sign-in/verify (portal user pool); valid 24 hours from the code',
        },
      },
      schemas: Object.fromEntries(Object.entries(schemas.components).sort(([a], [b]) => a.localeCompare(b))),
      responses: Object.fromEntries(
        Object.values(errorResponses).map(([name, description]) => [name, { description, content: errorContent }]),
      ),
    },
    // Sorted by path, so the document does not change when routes move between capabilities.
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
  };
}
