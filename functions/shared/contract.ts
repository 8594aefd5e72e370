import { en } from 'zod/locales';
import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { lazySchema } from './lazy-schema';
import { docs } from './openapi-strings';

export { lazySchema } from './lazy-schema';
export { docs } from './openapi-strings';

// zod/mini ships no messages ("Invalid input"); the English locale says what is wrong
// ("expected number, received string", 'Unrecognized key: "extra"') in every 400's details.
z.config(en());

/**
 * Lambda code uses `zod/mini` (≈ 15 kB in a bundle instead of ≈ 90 kB for classic zod: see
 * docs/performance.md's 250 kB budget). Schemas are any zod schema, so tests may use either.
 */
export type Schema = $ZodType;

/** Names a schema as an OpenAPI component (`#/components/schemas/<id>`). */
/* @__NO_SIDE_EFFECTS__ */
export function component<S extends z.ZodMiniType>(
  id: string,
  schema: S,
  meta: { description?: string } | false = {},
): S {
  z.globalRegistry.add(schema, { id, ...(meta || {}) });
  return schema;
}

/**
 * Adds OpenAPI documentation (description, example) to a schema without naming it. Write the meta
 * `docs && { … }` where the schema is in a function's bundle: `false` there (openapi-strings.ts).
 */
/* @__NO_SIDE_EFFECTS__ */
export function documented<S extends z.ZodMiniType>(
  schema: S,
  meta: { description?: string; example?: unknown } | false,
): S {
  if (meta) z.globalRegistry.add(schema, meta);
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
  /**
   * The body may be left out (no content): the route then validates `undefined` against `body`,
   * which must allow it (`z.optional(…)`). @default false
   */
  bodyOptional?: boolean;
  /**
   * A portal route that changes something but that an impersonation session may still call: only
   * ending the impersonation itself. Every other route but GET and HEAD refuses an impersonation
   * token with 403 IMPERSONATION_READ_ONLY, in the pipeline (decision 0006). @default false
   */
  allowedWhileImpersonating?: boolean;
}

/**
 * One operation's route contracts, one per item type it serves, by type (`{ job: …, incident: … }`):
 * the routes one handler module serves alike (see `itemHandler` in http.ts). Each route's path names
 * its item by the parameter `{<type>Id}`, and its params schema keeps that key.
 */
export type ItemRoutes<R> = { readonly [T in keyof R & string]: RouteContract<Schema, Schema, ItemParams<T>> };

/** A params schema that gives the item's id as `<type>Id` (and maybe more ids). */
type ItemParams<T extends string> = $ZodType<Record<`${T}Id`, string>>;

/**
 * Routes made per item type, `{ job: { list, add }, incident: { list, add } }`, by operation:
 * `{ list: { job, incident }, add: { job, incident } }`, each operation's routes as one handler serves them.
 */
/* @__NO_SIDE_EFFECTS__ */
export function byOperation<R extends Record<string, Record<string, RouteContract>>>(routesByType: R): ByOperation<R> {
  const operations: Record<string, Record<string, RouteContract>> = {};
  for (const [type, routes] of Object.entries(routesByType)) {
    for (const [operation, contract] of Object.entries(routes)) {
      operations[operation] = { ...operations[operation], [type]: contract };
    }
  }
  return operations as ByOperation<R>;
}

type ByOperation<R> = { [O in keyof R[keyof R]]: { [T in keyof R]: O extends keyof R[T] ? R[T][O] : never } };

/** Declares a route contract (an identity function that keeps the schema types). */
/* @__NO_SIDE_EFFECTS__ */
export function defineRoute<
  B extends Schema,
  Q extends Schema,
  P extends Schema,
  A extends RouteAuth,
  H extends Schema = Schema,
>(contract: RouteContract<B, Q, P, A, H>): RouteContract<B, Q, P, A, H> {
  return contract;
}

/** The largest integer a JavaScript number holds exactly (2^53 − 1); the SDK refuses to write a larger one. */
const largest = Number.MAX_SAFE_INTEGER;

/** What is wrong with a number DynamoDB cannot store as it was sent (see `storableNumber`). */
const storableNumberMessage = {
  range: `must be between -${largest} and ${largest}`,
  tiny: 'must be 0 or at least 1e-130 in size',
} as const;

const tiny = (n: number) => n !== 0 && Math.abs(n) < 1e-130;

/**
 * A number DynamoDB stores as it was sent: 0, or a size from 1e-130 (below it DynamoDB refuses the
 * write as an underflow) up to 2^53 − 1 (above it the SDK refuses to write, as the number would not
 * be exact; DynamoDB's own ceiling, 9.99…e125, is higher). A JavaScript number has at most 17
 * significant digits, within DynamoDB's 38. Every number a contract accepts is one of these, with
 * its own bounds added, so a number out of range is a 400 naming the field, never a failed write.
 */
/* @__NO_SIDE_EFFECTS__ */
export const storableNumber = () =>
  z.number().check(
    z.gte(-largest, storableNumberMessage.range),
    z.lte(largest, storableNumberMessage.range),
    z.refine((n) => !tiny(n), storableNumberMessage.tiny),
  );

/** What is wrong with `value` as a storable number, for values checked outside zod; undefined when nothing. */
export function storableNumberProblem(value: number): string | undefined {
  if (!Number.isFinite(value) || Math.abs(value) > largest) return storableNumberMessage.range;
  return tiny(value) ? storableNumberMessage.tiny : undefined;
}

/**
 * The version of a record that a client read. Versions count up by one per change, so the largest
 * a client may send is 2^53 − 2: the next one is still an exact integer the SDK writes.
 */
/* @__NO_SIDE_EFFECTS__ */
export const versionNumber = (minimum: 0 | 1 = 1) => z.int().check(z.minimum(minimum), z.maximum(largest - 1));

/** Identifiers used in paths and keys: no separators, no surprises. */
const idString = () => z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, "-" or "_"'));

// The example is written out at both places: a constant named only under `docs && …` would stay
// in every bundle (openapi-strings.ts).
export const idSchema = /* @__PURE__ */ documented(
  /* @__PURE__ */ lazySchema(() => idString()),
  docs && { example: '01JD3Q8W5T6K9R2M4N7P0XYZAB' },
);

/**
 * An identifier with its own description. `documented(idSchema, …)` would describe every id of
 * the API that way: the registry keeps one description per schema object.
 */
/* @__NO_SIDE_EFFECTS__ */
export const describedId = (description: string) =>
  documented(lazySchema(idString), docs && { example: '01JD3Q8W5T6K9R2M4N7P0XYZAB', description });

/**
 * The id a client makes once per write it means (an edit, a comment, a file) and sends again with
 * every retry of it: a retry of a write that landed answers what it wrote and writes nothing.
 */
export const requestIdSchema = /* @__PURE__ */ documented(
  /* @__PURE__ */ lazySchema(() =>
    z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, - or _')),
  ),
  docs && {
    description: 'Made once per write by the client and sent again with each retry of it: the write lands once',
  },
);

/** The one error shape every FieldPass error answer has. */
export const errorSchema = /* @__PURE__ */ component(
  'Error',
  /* @__PURE__ */ lazySchema(() =>
    z.object({
      error: z.object({
        code: documented(z.string(), docs && { example: 'VALIDATION_FAILED' }),
        message: z.string(),
        details: z.optional(z.unknown()),
      }),
    }),
  ),
);
