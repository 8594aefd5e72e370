/**
 * Customers (the account's customer accounts) and their sites. Both live in the account's
 * partition; what refers to one (items, sub-sites, client accesses) is counted or listed next to
 * it, under its own sort key prefix, so "may it be deleted" is one transaction condition and one
 * Query, never a read of the items.
 */
import { accountPartition, inAccount, nameList, nameSort, segment, startingWith } from './segments';
import type { PrimaryKey, QueryTarget } from './table-definition';

const customerSk = (customerId: string) => `CUSTOMER#${segment(customerId)}`;
const siteSk = (siteId: string) => `SITE#${segment(siteId)}`;
const statusOf = (archived: boolean) => (archived ? 'ARCHIVED' : 'CURRENT');

/** CUS-2, CUS-3, CUS-4, CUS-5, CUS-6, CUS-8: a customer of the account. */
export const customer = (accountId: string, customerId: string): PrimaryKey =>
  inAccount(accountId, customerSk(customerId));

/**
 * CUS-3, CUS-5, CUS-6, CUS-9, SITE-4, SITE-7: what refers to a customer, counted by the writers
 * of what refers to it in their own transactions (`items`: jobs, incidents and logs naming it;
 * `sites`: its sites), with a copy of its `archived` flag so a new reference is refused in the
 * same transaction.
 */
export const customerReferences = (accountId: string, customerId: string): PrimaryKey =>
  inAccount(accountId, `${customerSk(customerId)}#REFS`);

/**
 * CUS-7: a client access's use of a customer (one row per external user whose client access
 * names it), written by the client access's own transaction so deleting the customer sees it.
 */
export const customerUsage = (accountId: string, customerId: string, externalUserId: string): PrimaryKey =>
  inAccount(accountId, `${customerSk(customerId)}#USEDBY#${segment(externalUserId)}`);

/** CUS-7: the client accesses that use a customer: one Query of its usage rows. */
export const customerUsages = (accountId: string, customerId: string): QueryTarget =>
  startingWith(accountPartition(accountId), `${customerSk(customerId)}#USEDBY#`);

/** CUS-6: what a deleted customer leaves: who deleted it and when (the audit trail's `customer_deleted`). */
export const deletedCustomer = (accountId: string, customerId: string): PrimaryKey =>
  inAccount(accountId, `${customerSk(customerId)}#DELETED`);

/**
 * CUS-3, CUS-4, CUS-5: index attributes of a customer: listed by name among all of the account's
 * customers (lists) and among the current or the archived ones (listsByStatus).
 */
export const customerIndexes = (accountId: string, customerId: string, name: string, archived: boolean) => {
  const sort = nameSort(name, customerId);
  const list = nameList(accountId, 'CUSTOMERS');
  return { gsi1pk: list, gsi1sk: sort, gsi3pk: `${list}#${statusOf(archived)}`, gsi3sk: sort };
};

/**
 * CUS-1: the account's customers by name, all or the current or archived ones, whose name starts
 * with `prefix`: one Query.
 */
export const customersByName = (accountId: string, options: { archived?: boolean; prefix?: string }): QueryTarget =>
  byNameIn(
    nameList(accountId, 'CUSTOMERS'),
    options,
    ['lists', 'gsi1pk', 'gsi1sk'],
    ['listsByStatus', 'gsi3pk', 'gsi3sk'],
  );

/** SITE-3, SITE-4, SITE-5, SITE-6, SITE-7, SITE-9: a site of the account. */
export const site = (accountId: string, siteId: string): PrimaryKey => inAccount(accountId, siteSk(siteId));

/**
 * SITE-4, SITE-6, SITE-7, CUS-9: what refers to a site, counted as for a customer (`items`:
 * jobs, incidents and logs naming it; `subSites`: a master site's sub-sites), with a copy of its
 * `archived` flag.
 */
export const siteReferences = (accountId: string, siteId: string): PrimaryKey =>
  inAccount(accountId, `${siteSk(siteId)}#REFS`);

/** SITE-8: a client access's use of a site (one row per external user whose client access names it). */
export const siteUsage = (accountId: string, siteId: string, externalUserId: string): PrimaryKey =>
  inAccount(accountId, `${siteSk(siteId)}#USEDBY#${segment(externalUserId)}`);

/** SITE-8: the client accesses that use a site: one Query of its usage rows. */
export const siteUsages = (accountId: string, siteId: string): QueryTarget =>
  startingWith(accountPartition(accountId), `${siteSk(siteId)}#USEDBY#`);

/** SITE-7: what a deleted site leaves: who deleted it and when (the audit trail's `site_deleted`). */
export const deletedSite = (accountId: string, siteId: string): PrimaryKey =>
  inAccount(accountId, `${siteSk(siteId)}#DELETED`);

const customerSites = (accountId: string, customerId: string) =>
  `${accountPartition(accountId)}#${customerSk(customerId)}#SITES`;
const subSitesList = (accountId: string, masterSiteId: string) =>
  `${accountPartition(accountId)}#${siteSk(masterSiteId)}#SUBSITES`;

/**
 * SITE-4, SITE-5, SITE-6: index attributes of a site: listed by name among its customer's sites
 * (lists, and listsByStatus for the current or archived ones) and, for a sub-site, among its
 * master's sub-sites (visibility, and visibilityByStatus).
 */
export const siteIndexes = (
  accountId: string,
  s: { id: string; customerId: string; name: string; archived: boolean; parentSiteId?: string | undefined },
) => {
  const sort = nameSort(s.name, s.id);
  const list = customerSites(accountId, s.customerId);
  const status = statusOf(s.archived);
  return {
    gsi1pk: list,
    gsi1sk: sort,
    gsi3pk: `${list}#${status}`,
    gsi3sk: sort,
    ...(s.parentSiteId !== undefined
      ? {
          gsi2pk: subSitesList(accountId, s.parentSiteId),
          gsi2sk: sort,
          gsi4pk: `${subSitesList(accountId, s.parentSiteId)}#${status}`,
          gsi4sk: sort,
        }
      : {}),
  };
};

/** SITE-1: a customer's sites (masters and sub-sites) by name, all or the current or archived ones: one Query. */
export const sitesOfCustomer = (
  accountId: string,
  customerId: string,
  options: { archived?: boolean; prefix?: string },
): QueryTarget =>
  byNameIn(
    customerSites(accountId, customerId),
    options,
    ['lists', 'gsi1pk', 'gsi1sk'],
    ['listsByStatus', 'gsi3pk', 'gsi3sk'],
  );

/** SITE-2: a master site's sub-sites by name, all or the current or archived ones: one Query. */
export const subSitesOf = (
  accountId: string,
  masterSiteId: string,
  options: { archived?: boolean; prefix?: string },
): QueryTarget =>
  byNameIn(
    subSitesList(accountId, masterSiteId),
    options,
    ['visibility', 'gsi2pk', 'gsi2sk'],
    ['visibilityByStatus', 'gsi4pk', 'gsi4sk'],
  );

type IndexColumns = readonly ['lists' | 'visibility' | 'listsByStatus' | 'visibilityByStatus', string, string];

/** A list by name in `all` (every record) or, with `archived`, in its status twin; `prefix` narrows the names. */
function byNameIn(
  list: string,
  options: { archived?: boolean; prefix?: string },
  all: IndexColumns,
  byStatus: IndexColumns,
): QueryTarget {
  const [index, pk, sk] = options.archived === undefined ? all : byStatus;
  const value = options.archived === undefined ? list : `${list}#${statusOf(options.archived)}`;
  return {
    index,
    partition: { name: pk, value },
    ...(options.prefix ? { sortKeyPrefix: { name: sk, value: options.prefix.toLowerCase() } } : {}),
  };
}
