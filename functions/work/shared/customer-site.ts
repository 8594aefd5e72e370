import { findCustomer, findCustomerAndSite } from '../../customers/customer-repository';
import type { FieldIssue } from './work-item-access';

/** The customer and site a job, incident or log names, and the master site of the site's tree. */
export interface CustomerSite {
  customerId?: string | undefined;
  siteId?: string | undefined;
  siteTreeId?: string | undefined;
}

/** What a write asks of them: an id to name, null to stop naming one, undefined to keep it. */
export interface CustomerSiteRequest {
  customerId?: string | null | undefined;
  siteId?: string | null | undefined;
}

const issue = (field: 'customerId' | 'siteId', code: string, message: string): FieldIssue => ({
  path: `body.${field}`,
  code,
  message,
});

/**
 * What an item names after a write that asks `request` of an item naming `current` (none for a
 * new item), and what is wrong with it. Only what the write names anew is checked, so an item
 * keeps an archived customer or site it had: a customer or site named anew must exist in the
 * account and not be archived; a site must be the item's customer's, and a site given alone sets
 * the customer (which must then not be archived either); an item with a site has a customer.
 * Requests: one BatchGetItem of the customer and site named anew (none when nothing is), and a
 * GetItem of the customer a site alone brings, only when that changes the item's customer.
 * Answers undefined when the write asks nothing of them.
 */
export async function placeOnCustomerSite(
  accountId: string,
  current: CustomerSite | undefined,
  request: CustomerSiteRequest,
): Promise<{ placed: CustomerSite; issues: FieldIssue[] } | undefined> {
  if (request.customerId === undefined && request.siteId === undefined) return undefined;
  const was = current ?? {};
  const newSiteId = typeof request.siteId === 'string' && request.siteId !== was.siteId ? request.siteId : undefined;
  const newCustomerId =
    typeof request.customerId === 'string' && request.customerId !== was.customerId ? request.customerId : undefined;
  const found = await findCustomerAndSite(accountId, { customerId: newCustomerId, siteId: newSiteId });
  const issues: FieldIssue[] = [];
  const placed: CustomerSite = {
    customerId: request.customerId === null ? undefined : (request.customerId ?? was.customerId),
    siteId: request.siteId === null ? undefined : (request.siteId ?? was.siteId),
    siteTreeId: request.siteId === null ? undefined : was.siteTreeId,
  };
  if (newSiteId !== undefined) {
    const site = found.site;
    if (!site) issues.push(issue('siteId', 'unknown_site', `no site ${newSiteId}`));
    else if (site.archived) issues.push(issue('siteId', 'archived_site', `site ${newSiteId} is archived`));
    else {
      placed.siteTreeId = site.parentSiteId ?? site.id;
      if (request.customerId === undefined) {
        placed.customerId = site.customerId;
        // The site brings its customer: named anew, it must not be archived.
        if (site.customerId !== was.customerId) {
          const customer = await findCustomer(accountId, site.customerId);
          if (!customer || customer.archived) {
            issues.push(issue('siteId', 'archived_customer', `the customer of site ${newSiteId} is archived`));
          }
        }
      } else if (request.customerId !== null && request.customerId !== site.customerId) {
        issues.push(issue('siteId', 'site_customer_mismatch', `site ${newSiteId} belongs to another customer`));
      }
    }
  }
  if (newCustomerId !== undefined) {
    const customer = found.customer;
    if (!customer) issues.push(issue('customerId', 'unknown_customer', `no customer ${newCustomerId}`));
    else if (customer.archived) {
      issues.push(issue('customerId', 'archived_customer', `customer ${newCustomerId} is archived`));
    } else if (newSiteId === undefined && placed.siteId !== undefined) {
      issues.push(
        issue(
          'customerId',
          'site_customer_mismatch',
          "the item's site belongs to another customer: change or remove siteId too",
        ),
      );
    }
  }
  // (Only when nothing else is wrong: an unknown site named alone has no customer either.)
  if (issues.length === 0 && placed.customerId === undefined && placed.siteId !== undefined) {
    issues.push(issue('customerId', 'site_needs_customer', 'an item with a site has its customer: remove siteId too'));
  }
  return { placed, issues };
}

/** `fields` naming what `placed` says (an absent one removed). */
export function withCustomerSite<F extends CustomerSite>(fields: F, placed: CustomerSite): F {
  const { customerId: _c, siteId: _s, siteTreeId: _t, ...rest } = fields;
  return {
    ...rest,
    ...(placed.customerId !== undefined ? { customerId: placed.customerId } : {}),
    ...(placed.siteId !== undefined ? { siteId: placed.siteId } : {}),
    ...(placed.siteTreeId !== undefined ? { siteTreeId: placed.siteTreeId } : {}),
  } as F;
}
