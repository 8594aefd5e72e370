import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema } from '#shared/contract';
import { feedKeyViewSchema } from './feed-key.schema';

const name = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100, 'must be at most 100 characters'));

export const createFeedKeyBody = component(
  'CreateFeedKey',
  z.strictObject({
    name,
    validUntil: z.optional(
      documented(z.iso.datetime({ offset: true }), {
        description: 'When the key stops working (ISO 8601); it never expires when left out',
      }),
    ),
  }),
);
export type CreateFeedKeyBody = z.infer<typeof createFeedKeyBody>;

const createdFeedKeySchema = component(
  'CreatedFeedKey',
  z.extend(feedKeyViewSchema, {
    key: documented(z.string(), {
      description: 'The key, shown this once: `fpk_<id>_<secret>`. FieldPass keeps only its SHA-256',
    }),
  }),
);

export const createFeedKey = defineRoute({
  method: 'POST',
  path: '/feed-keys',
  auth: 'staff',
  operationId: 'createFeedKey',
  summary:
    'Creates a key of the Power BI (OData) feed (admins); the answer holds the key, shown this once. The feed shows what its maker may see',
  tags: ['feed'],
  body: createFeedKeyBody,
  responses: { 201: { description: 'The key, shown once', schema: createdFeedKeySchema } },
  maxBodyBytes: 4096,
});

export const listFeedKeys = defineRoute({
  method: 'GET',
  path: '/feed-keys',
  auth: 'staff',
  operationId: 'listFeedKeys',
  summary: "The account's feed keys, oldest first, without their secrets (admins)",
  tags: ['feed'],
  responses: {
    200: {
      description: 'The feed keys',
      schema: component('FeedKeyList', z.object({ items: z.array(feedKeyViewSchema) })),
    },
  },
});

export const revokeFeedKey = defineRoute({
  method: 'DELETE',
  path: '/feed-keys/{feedKeyId}',
  auth: 'staff',
  operationId: 'revokeFeedKey',
  summary: 'Revokes a feed key (admins): refused from the next request on',
  tags: ['feed'],
  params: z.strictObject({ feedKeyId: idSchema }),
  responses: { 200: { description: 'The revoked key', schema: feedKeyViewSchema } },
});
