import { en } from 'zod/locales';
import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';

// zod/mini ships no messages ("Invalid input"); the English locale says what is wrong
// ("expected number, received string", 'Unrecognized key: "extra"') in every 400's details.
z.config(en());

/**
 * Lambda code uses `zod/mini` (≈ 15 kB in a bundle instead of ≈ 90 kB for classic zod: see
 * PERFORMANCE.md's 300 kB budget). Schemas are any zod schema, so tests may use either.
 */
export type Schema = $ZodType;

/** Names a schema as an OpenAPI component (`#/components/schemas/<id>`). */
export function component<S extends z.ZodMiniType>(id: string, schema: S, meta: { description?: string } = {}): S {
  z.globalRegistry.add(schema, { id, ...meta });
  return schema;
}

/** Adds OpenAPI documentation (description, example) to a schema without naming it. */
export function documented<S extends z.ZodMiniType>(schema: S, meta: { description?: string; example?: unknown }): S {
  z.globalRegistry.add(schema, meta);
  return schema;
}

/**
 * Who may call a route: nobody in particular, a signed-in staff user of an account, or an
 * external user verified by an e-mailed code (the portal pool's ID token).
 */
export type RouteAuth = 'none' | 'staff' | 'portal';

/**
 * A route's contract: its method, path, who may call it and the zod schemas of its input and
 * output. Handlers validate with it, the CDK stack and the local API route with it, and the
 * OpenAPI description is generated from it, so the three cannot drift apart.
 */
export interface RouteContract<
  Body extends Schema = Schema,
  Query extends Schema = Schema,
  Params extends Schema = Schema,
  Auth extends RouteAuth = RouteAuth,
  Headers extends Schema = Schema,
> {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path syntax: `/jobs/{jobId}`. */
  path: string;
  auth: Auth;
  operationId: string;
  summary: string;
  tags: string[];
  body?: Body;
  query?: Query;
  params?: Params;
  /** Request headers the route reads, by lower-case name (e.g. a link token, kept out of URLs). */
  headers?: Headers;
  /** Status → description and schema of a successful answer. */
  responses: Record<number, { description: string; schema?: Schema }>;
  /** Largest accepted body in bytes. @default 65536 */
  maxBodyBytes?: number;
}

/** Declares a route contract (an identity function that keeps the schema types). */
export function defineRoute<
  B extends Schema,
  Q extends Schema,
  P extends Schema,
  A extends RouteAuth,
  H extends Schema = Schema,
>(contract: RouteContract<B, Q, P, A, H>): RouteContract<B, Q, P, A, H> {
  return contract;
}

/** Identifiers used in paths and keys: no separators, no surprises. */
const idString = () => z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, "-" or "_"'));
const idExample = '01JD3Q8W5T6K9R2M4N7P0XYZAB';

export const idSchema = documented(idString(), { example: idExample });

/**
 * An identifier with its own description. `documented(idSchema, …)` would describe every id of
 * the API that way: the registry keeps one description per schema object.
 */
export const describedId = (description: string) => documented(idString(), { example: idExample, description });

/**
 * The id a client makes once per write it means (an edit, a comment, a file) and sends again with
 * every retry of it: a retry of a write that landed answers what it wrote and writes nothing.
 */
export const requestIdSchema = documented(
  z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, - or _')),
  { description: 'Made once per write by the client and sent again with each retry of it: the write lands once' },
);

/** The one error shape every FieldPass error answer has. */
export const errorSchema = component(
  'Error',
  z.object({
    error: z.object({
      code: documented(z.string(), { example: 'VALIDATION_FAILED' }),
      message: z.string(),
      details: z.optional(z.unknown()),
    }),
  }),
);
