import * as z from 'zod/mini';
import { documented } from '#shared/contract';

/** A delete's `?version=`: optional; given, the delete holds only while the record is at it. */
export const deleteQuery = z.strictObject({
  version: documented(
    z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER - 1))),
    { description: 'The version you read: a stale one answers 409' },
  ),
});
