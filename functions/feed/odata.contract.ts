import * as z from 'zod/mini';
import { defineRoute, documented } from '#shared/contract';

// The OData routes: public at API Gateway (no JWT); the function checks the feed key.

const keyQuery = documented(z.optional(z.string()), {
  description:
    'The feed key, as Power BI\'s Web API credential sends it (ApiKeyName = "key"); or send it as the x-api-key header, or as HTTP Basic\'s password',
});

const keyHeaders = z.looseObject({
  'x-api-key': documented(z.optional(z.string()), { description: 'The feed key' }),
});

export const getServiceDocument = defineRoute({
  method: 'GET',
  path: '/odata',
  auth: 'none',
  operationId: 'getODataServiceDocument',
  summary: "The Power BI feed's OData v4 service document: its entity sets (needs a feed key)",
  tags: ['feed'],
  query: z.looseObject({ key: keyQuery }),
  headers: keyHeaders,
  responses: { 200: { description: 'The service document (application/json; odata.metadata=minimal)' } },
});

export const getODataResource = defineRoute({
  method: 'GET',
  path: '/odata/{resource}',
  auth: 'none',
  operationId: 'getODataResource',
  summary:
    "The feed's `$metadata` (CSDL XML; needs a feed key). Each entity set has a route of its own; any other name is a 404",
  tags: ['feed'],
  params: z.strictObject({
    resource: documented(z.string(), { description: '`$metadata`' }),
  }),
  query: z.looseObject({ key: keyQuery }),
  headers: keyHeaders,
  responses: { 200: { description: 'The CSDL document (application/xml)' } },
});

const entitySetQuery = z.looseObject({
  key: keyQuery,
  $select: documented(z.optional(z.string()), { description: 'Comma-separated properties' }),
  $top: documented(z.optional(z.string()), { description: 'At most this many rows in all' }),
  $skiptoken: documented(z.optional(z.string()), { description: 'From `@odata.nextLink`' }),
  $count: documented(z.optional(z.enum(['true', 'false'])), { description: 'Add `@odata.count`' }),
  $filter: documented(z.optional(z.string()), {
    description:
      "modifiedAt ge|gt|lt|le <date-time>, status eq '<status>' (sets with a status) and externalUserId eq '<id>' (every set; on ExternalUsers its id), joined by and",
  }),
});

/**
 * The route of one entity set (`GET /odata/Jobs`, …), which API Gateway matches before
 * `/odata/{resource}`: a function each, bundling only that set's reads (docs/feed.md, "Function size").
 */
export const entitySetRoute = (set: string) =>
  defineRoute({
    method: 'GET',
    path: `/odata/${set}`,
    auth: 'none',
    operationId: `getOData${set}`,
    summary: `The feed's ${set}: a page of rows with $select, $top, $skiptoken, $count and $filter on modifiedAt and status (needs a feed key)`,
    tags: ['feed'],
    query: entitySetQuery,
    headers: keyHeaders,
    responses: { 200: { description: 'A page of rows, with `@odata.nextLink` while more follows' } },
  });
