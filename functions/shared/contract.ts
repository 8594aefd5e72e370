import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

/** Who may call a route: nobody in particular, or a signed-in staff user of an account. */
export type RouteAuth = 'none' | 'staff';

/**
 * A route's contract: its method, path, who may call it and the zod schemas of its input and
 * output. Handlers validate with it, the CDK stack and the local API route with it, and the
 * OpenAPI description is generated from it, so the three cannot drift apart.
 */
export interface RouteContract<
  Body extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
  Params extends z.ZodType = z.ZodType,
  Auth extends RouteAuth = RouteAuth,
> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path syntax: `/jobs/{jobId}`. */
  path: string;
  auth: Auth;
  operationId: string;
  summary: string;
  tags: string[];
  body?: Body;
  query?: Query;
  params?: Params;
  /** Status → description and schema of a successful answer. */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  /** Largest accepted body in bytes. @default 65536 */
  maxBodyBytes?: number;
}

/** Declares a route contract (an identity function that keeps the schema types). */
export function defineRoute<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType, A extends RouteAuth>(
  contract: RouteContract<B, Q, P, A>,
): RouteContract<B, Q, P, A> {
  return contract;
}

/** Identifiers used in paths and keys: no separators, no surprises. */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, "-" or "_"')
  .openapi({ example: '01JD3Q8W5T6K9R2M4N7P0XYZAB' });

/** The one error shape every FieldPass error answer has. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

export { z };
