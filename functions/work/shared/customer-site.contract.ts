import * as z from 'zod/mini';
import { describedId, lazySchema } from '#shared/contract';

// The customer and site of jobs, incidents and logs (docs/customers.md), apart from
// work-item.contract.ts so the other types' functions carry none of it.

/** As stored and shown, list rows too; `siteTreeId` (the master site of the site's tree) is FieldPass's. */
export const customerSiteShape = {
  customerId: lazySchema(() => z.optional(z.string())),
  siteId: lazySchema(() => z.optional(z.string())),
  siteTreeId: lazySchema(() => z.optional(z.string())),
};

const customerId = describedId('A customer of the account (a site sets it)');
const siteId = describedId("One of the customer's sites");

/** A new item's; and a list's filters (each alone, or with status, privacy and dates). */
export const customerSiteCreateShape = {
  customerId: lazySchema(() => z.optional(customerId)),
  siteId: lazySchema(() => z.optional(siteId)),
};

/** A change's: null removes one. */
export const customerSiteUpdateShape = {
  customerId: lazySchema(() => z.optional(z.nullable(customerId))),
  siteId: lazySchema(() => z.optional(z.nullable(siteId))),
};
