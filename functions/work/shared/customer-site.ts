import { customerSiteFacts, referenceRefusal, referenceSteps } from '../../customers/customer-references-repository';
import type { FieldIssue } from './work-item-access';
import type { CustomerSite, CustomerSiteHooks, CustomerSiteRequest } from './work-item-service';

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
 * the customer; an item with a site has a customer. One BatchGetItem of the customer and site
 * named anew (none when nothing is). A customer a site alone brings is checked by the write's own
 * transaction (its count's condition: 400 `archived_customer` on `body.customerId`). An id left
 * out of `placed` (undefined) is one the item no longer names.
 */
export async function placeOnCustomerSite(
  accountId: string,
  current: CustomerSite | undefined,
  request: CustomerSiteRequest,
): Promise<{ placed: CustomerSite; issues: FieldIssue[] }> {
  const was = current ?? {};
  const { customerId, siteId } = request;
  const newSiteId = siteId && siteId !== was.siteId ? siteId : undefined;
  const newCustomerId = customerId && customerId !== was.customerId ? customerId : undefined;
  const { customer, site } = await customerSiteFacts(accountId, { customerId: newCustomerId, siteId: newSiteId });
  const issues: FieldIssue[] = [];
  const placed: CustomerSite = {
    customerId: customerId === null ? undefined : (customerId ?? was.customerId),
    siteId: siteId === null ? undefined : (siteId ?? was.siteId),
    siteTreeId: siteId === null ? undefined : was.siteTreeId,
  };
  if (newSiteId) {
    if (!site || site.archived) {
      issues.push(issue('siteId', site ? 'archived_site' : 'unknown_site', `no site ${newSiteId} to name`));
    } else {
      placed.siteTreeId = site.parentSiteId ?? site.id;
      if (customerId === undefined) placed.customerId = site.customerId;
      else if (customerId !== site.customerId) {
        issues.push(issue('siteId', 'site_customer_mismatch', 'belongs to another customer'));
      }
    }
  }
  if (newCustomerId) {
    if (!customer || customer.archived) {
      issues.push(
        issue(
          'customerId',
          customer ? 'archived_customer' : 'unknown_customer',
          `no customer ${newCustomerId} to name`,
        ),
      );
    } else if (!newSiteId && placed.siteId) {
      issues.push(issue('customerId', 'site_customer_mismatch', "the item's site is another customer's"));
    }
  }
  // (Only when nothing else is wrong: an unknown site named alone has no customer either.)
  if (!issues.length && !placed.customerId && placed.siteId) {
    issues.push(issue('customerId', 'site_needs_customer', 'an item with a site has its customer'));
  }
  return { placed, issues };
}

/**
 * The customer and site of a job's, incident's or log's writes: checked before (`place`), and
 * counted in the item's own transaction (`steps`, whose failure `refusal` answers), so a customer
 * or site that anything names cannot be deleted. Given only to the kinds that create, change and
 * delete those items, so the functions that only read them carry none of it.
 */
export const customerSiteHooks: CustomerSiteHooks = {
  place: placeOnCustomerSite,
  steps: referenceSteps,
  refusal: referenceRefusal,
};
