import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema } from '#shared/contract';
import { nameListQuery, version } from './customer.contract';

const name = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200, 'must be at most 200 characters'));
const address = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(500, 'must be at most 500 characters'));

/** A site of a customer: a master site, or a sub-site of one (one level only). */
export const siteSchema = component(
  'Site',
  z.object({
    id: z.string(),
    /** The customer the site belongs to; never changes. */
    customerId: z.string(),
    name: z.string(),
    address: z.optional(z.string()),
    /** Set: a sub-site of this master site (of the same customer); never changes. Absent: a master site. */
    parentSiteId: z.optional(z.string()),
    /** Archived sites stay on the items and client accesses that name them, but cannot be named anew. */
    archived: z.boolean(),
    version: z.int(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  }),
);
export type Site = z.infer<typeof siteSchema>;

export const createSiteBody = component(
  'CreateSite',
  z.strictObject({
    name,
    address: z.optional(address),
    parentSiteId: documented(z.optional(idSchema), {
      description:
        'Makes the new site a sub-site of this master site, which must belong to the same customer and not be archived',
    }),
  }),
);
export type CreateSiteBody = z.infer<typeof createSiteBody>;

export const updateSiteBody = component(
  'UpdateSite',
  z
    .strictObject({
      version,
      name: z.optional(name),
      /** null removes it. */
      address: z.optional(z.nullable(address)),
    })
    .check(
      z.refine((body) => Object.keys(body).length > 1, {
        message: 'give at least one field to change besides version (customerId and parentSiteId never change)',
      }),
    ),
);
export type UpdateSiteBody = z.infer<typeof updateSiteBody>;

export const listSitesQuery = nameListQuery('sites');

export const sitePageSchema = component(
  'SitePage',
  z.object({ items: z.array(siteSchema), cursor: z.optional(z.string()) }),
);

const tags = ['customers'];
const siteIdParams = z.strictObject({ siteId: idSchema });
const page = { 200: { description: 'A page of sites', schema: sitePageSchema } };

export const listSites = defineRoute({
  method: 'GET',
  path: '/customers/{customerId}/sites',
  auth: 'staff',
  operationId: 'listSites',
  summary: "A customer's sites, masters and sub-sites, by name, one page at a time (every staff user)",
  tags,
  params: z.strictObject({ customerId: idSchema }),
  query: listSitesQuery,
  responses: page,
});

export const createSite = defineRoute({
  method: 'POST',
  path: '/customers/{customerId}/sites',
  auth: 'staff',
  operationId: 'createSite',
  summary:
    'Create a site of a customer that is not archived (admin roles); with parentSiteId, a sub-site of one of its master sites',
  tags,
  params: z.strictObject({ customerId: idSchema }),
  body: createSiteBody,
  responses: { 201: { description: 'The new site', schema: siteSchema } },
});

export const getSite = defineRoute({
  method: 'GET',
  path: '/sites/{siteId}',
  auth: 'staff',
  operationId: 'getSite',
  summary: 'One site of the account (every staff user)',
  tags,
  params: siteIdParams,
  responses: { 200: { description: 'The site', schema: siteSchema } },
});

export const listSubSites = defineRoute({
  method: 'GET',
  path: '/sites/{siteId}/sub-sites',
  auth: 'staff',
  operationId: 'listSubSites',
  summary: "A master site's sub-sites by name, one page at a time (every staff user)",
  tags,
  params: siteIdParams,
  query: listSitesQuery,
  responses: page,
});

export const updateSite = defineRoute({
  method: 'PATCH',
  path: '/sites/{siteId}',
  auth: 'staff',
  operationId: 'updateSite',
  summary: "Change a site's name or address (admin roles); optimistic concurrency on `version`",
  tags,
  params: siteIdParams,
  body: updateSiteBody,
  responses: { 200: { description: 'The updated site', schema: siteSchema } },
});

export const archiveSite = defineRoute({
  method: 'POST',
  path: '/sites/{siteId}/archive',
  auth: 'staff',
  operationId: 'archiveSite',
  summary: 'Archive a site (admin roles): what names it keeps it, but nothing can name it anew',
  tags,
  params: siteIdParams,
  responses: { 200: { description: 'The archived site', schema: siteSchema } },
});

export const restoreSite = defineRoute({
  method: 'POST',
  path: '/sites/{siteId}/restore',
  auth: 'staff',
  operationId: 'restoreSite',
  summary: 'Restore an archived site (admin roles)',
  tags,
  params: siteIdParams,
  responses: { 200: { description: 'The restored site', schema: siteSchema } },
});

export const deleteSite = defineRoute({
  method: 'DELETE',
  path: '/sites/{siteId}',
  auth: 'staff',
  operationId: 'deleteSite',
  summary:
    'Delete a site (admin roles); refused with 409 IN_USE while items, sub-sites or client accesses name it (archive it instead)',
  tags,
  params: siteIdParams,
  responses: { 204: { description: 'Deleted' } },
});
