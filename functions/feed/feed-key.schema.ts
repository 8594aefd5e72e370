import * as z from 'zod/mini';
import { component } from '#shared/contract';

// The feed key's record schema apart from its routes, so the feed's read functions bundle no route.

/** A feed key as the API shows it: never the key itself, nor its hash. */
export const feedKeyViewSchema = /* @__PURE__ */ component(
  'FeedKey',
  /* @__PURE__ */ z.object({
    id: z.string(),
    name: z.string(),
    /** `revoked`: refused from the next request on. */
    status: z.enum(['active', 'revoked']),
    /** The staff user who made it: the feed shows what this user may see, now. */
    createdBy: z.string(),
    createdAt: z.string(),
    validUntil: z.optional(z.string()),
    revokedBy: z.optional(z.string()),
    revokedAt: z.optional(z.string()),
    /** The start of the latest hour (UTC) in which the key was used; each such hour is audited once. */
    usedHour: z.optional(z.string()),
    version: z.int(),
  }),
  { description: 'A key of the Power BI (OData) feed, without its secret' },
);
export type FeedKeyView = z.infer<typeof feedKeyViewSchema>;

/** The stored record: the view and the SHA-256 of the key's secret (hex). */
export const storedFeedKeySchema = z.extend(feedKeyViewSchema, {
  entity: z.literal('FeedKey'),
  accountId: z.string(),
  secretHash: z.string(),
});
export type StoredFeedKey = z.infer<typeof storedFeedKeySchema>;
