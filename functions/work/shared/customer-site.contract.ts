import * as z from 'zod/mini';
import { describedId, docs } from '#shared/contract';

// The customer and site of jobs, incidents and logs (docs/customers.md), apart from
// work-item.contract.ts so the other types' functions carry none of it.

/** As stored and shown, list rows too; `siteTreeId` (the master site of the site's tree) is FieldPass's. */
export const customerSiteShape = /* @__PURE__ */ (() => ({
  customerId: z.optional(z.string()),
  siteId: z.optional(z.string()),
  siteTreeId: z.optional(z.string()),
}))();

const customerId = /* @__PURE__ */ describedId(docs ? 'A customer of the account (a site sets it)' : '');
const siteId = /* @__PURE__ */ describedId(docs ? "One of the customer's sites" : '');

/** A new item's; and a list's filters (each alone, or with status, privacy and dates). */
export const customerSiteCreateShape = /* @__PURE__ */ (() => ({
  customerId: z.optional(customerId),
  siteId: z.optional(siteId),
}))();

/** A change's: null removes one. */
export const customerSiteUpdateShape = /* @__PURE__ */ (() => ({
  customerId: z.optional(z.nullable(customerId)),
  siteId: z.optional(z.nullable(siteId)),
}))();
