import * as z from 'zod/mini';
import {
  customer,
  customerIndexes,
  customerReferences,
  customersByName,
  customerUsages,
  deletedCustomer,
  deletedSite,
  type PrimaryKey,
  type QueryTarget,
  site,
  siteIndexes,
  siteReferences,
  sitesOfCustomer,
  siteUsages,
  subSitesOf,
} from '#shared/data/keys';
import {
  batchGetItems,
  type Condition,
  deleteItem,
  deleteWhen,
  getItem,
  itemPresent,
  maxBatchGetKeys,
  type Page,
  putDerived,
  putNew,
  putVersioned,
  queryPage,
  type Step,
  staleVersionError,
  transact,
  updateFields,
} from '#shared/data/table';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors';
import { type Customer, customerSchema } from './customer.contract';
import { countChange } from './customer-references-repository';
import { type Site, siteSchema } from './site.contract';

const storedCustomer = z.extend(customerSchema, { entity: z.literal('Customer') });
const storedSite = z.extend(siteSchema, { entity: z.literal('Site') });
const customerOf = ({ entity: _entity, ...record }: z.infer<typeof storedCustomer>): Customer => record;
const siteOf = ({ entity: _entity, ...record }: z.infer<typeof storedSite>): Site => record;

/** A reference count record: how many items (and sites, or sub-sites) name the record, and its archived flag. */
const referenceCounts = z.object({
  items: z.int(),
  clientAccesses: z.optional(z.int()),
  sites: z.optional(z.int()),
  subSites: z.optional(z.int()),
  archived: z.boolean(),
});

// --- reads ---------------------------------------------------------------------------------------

/** One GetItem: a customer of the account, or undefined. */
export async function findCustomer(accountId: string, customerId: string): Promise<Customer | undefined> {
  const found = await getItem(customer(accountId, customerId), storedCustomer);
  return found && customerOf(found);
}

/** One GetItem: a site of the account, or undefined. */
export async function findSite(accountId: string, siteId: string): Promise<Site | undefined> {
  const found = await getItem(site(accountId, siteId), storedSite);
  return found && siteOf(found);
}

/** Distinct ids, at most one BatchGetItem's worth. */
function batchOf(ids: readonly string[]): string[] {
  const distinct = [...new Set(ids)];
  if (distinct.length > maxBatchGetKeys) throw new Error(`at most ${maxBatchGetKeys} ids per read`);
  return distinct;
}

/**
 * The account's customers among `ids` (at most 100), by id: one BatchGetItem (none for no ids).
 * An id of no customer of the account is absent from the answer.
 */
export async function findCustomers(accountId: string, ids: readonly string[]): Promise<Map<string, Customer>> {
  const wanted = batchOf(ids);
  if (wanted.length === 0) return new Map();
  const found = await batchGetItems(
    wanted.map((id) => customer(accountId, id)),
    storedCustomer,
  );
  return new Map(found.map((record) => [record.id, customerOf(record)]));
}

/**
 * The account's sites among `ids` (at most 100), by id: one BatchGetItem (none for no ids). An
 * id of no site of the account is absent from the answer.
 */
export async function findSites(accountId: string, ids: readonly string[]): Promise<Map<string, Site>> {
  const wanted = batchOf(ids);
  if (wanted.length === 0) return new Map();
  const found = await batchGetItems(
    wanted.map((id) => site(accountId, id)),
    storedSite,
  );
  return new Map(found.map((record) => [record.id, siteOf(record)]));
}

/** One Query: a page of the account's customers by name (all, or current or archived), optionally by name prefix. */
export async function listCustomerPage(
  accountId: string,
  filter: { archived?: boolean; prefix?: string },
  page: { limit: number; cursor?: string },
): Promise<Page<Customer>> {
  const result = await queryPage(customersByName(accountId, filter), storedCustomer, page);
  return { ...result, items: result.items.map(customerOf) };
}

async function sitePage(target: QueryTarget, page: { limit: number; cursor?: string }): Promise<Page<Site>> {
  const result = await queryPage(target, storedSite, page);
  return { ...result, items: result.items.map(siteOf) };
}

/** One Query: a page of a customer's sites by name. */
export const listSitePage = (
  accountId: string,
  customerId: string,
  filter: { archived?: boolean; prefix?: string },
  page: { limit: number; cursor?: string },
) => sitePage(sitesOfCustomer(accountId, customerId, filter), page);

/** One Query: a page of a master site's sub-sites by name. */
export const listSubSitePage = (
  accountId: string,
  masterSiteId: string,
  filter: { archived?: boolean; prefix?: string },
  page: { limit: number; cursor?: string },
) => sitePage(subSitesOf(accountId, masterSiteId, filter), page);

const usageRow = z.object({ externalUserId: z.optional(z.string()) });

/**
 * The external users (up to `limit`) whose client access names the customer or site: one Query
 * of its usage rows (CUS-7, SITE-8), which the client accesses' writers keep.
 */
async function usersOf(target: QueryTarget, limit: number): Promise<string[]> {
  const { items } = await queryPage(target, usageRow, { limit, consistent: true });
  return items.map((row) => row.externalUserId ?? 'unknown');
}

/** The external users (up to `limit`) whose client access names the customer: one Query. */
export const customerUsers = (accountId: string, customerId: string, limit = 10) =>
  usersOf(customerUsages(accountId, customerId), limit);

/** The external users (up to `limit`) whose client access names the site: one Query. */
export const siteUsers = (accountId: string, siteId: string, limit = 10) =>
  usersOf(siteUsages(accountId, siteId), limit);

const presentCondition: Condition = itemPresent;

// --- customer writes -------------------------------------------------------------------------------

const customerItem = (accountId: string, record: Customer) => ({
  ...customer(accountId, record.id),
  ...customerIndexes(accountId, record.id, record.name, record.archived),
  entity: 'Customer',
  ...record,
});

/** A change of `archived` copied to the reference record, so new references see it in their own transaction. */
const archivedCopy = (key: PrimaryKey, archived: boolean): Step => ({
  name: 'references',
  write: updateFields(key, { set: { archived }, condition: presentCondition }),
});

/** One TransactWriteItems: the customer and its reference counts (0 items, 0 sites). */
export async function insertCustomer(accountId: string, record: Customer): Promise<void> {
  await transact(
    [
      { name: 'customer', write: putNew(customerItem(accountId, record)) },
      {
        name: 'references',
        write: putNew({
          ...customerReferences(accountId, record.id),
          entity: 'CustomerReferences',
          customerId: record.id,
          items: 0,
          sites: 0,
          archived: false,
        }),
      },
    ],
    'This customer id exists already',
  );
}

/**
 * One TransactWriteItems: replaces the customer if its stored version is still `previous.version`
 * (409 with the current one otherwise; 404 when gone), copying a change of `archived` to its
 * reference record.
 */
export async function replaceCustomer(accountId: string, previous: Customer, next: Customer): Promise<void> {
  const steps: Step[] = [{ name: 'customer', write: putVersioned(customerItem(accountId, next), previous.version) }];
  if (previous.archived !== next.archived) {
    steps.push(archivedCopy(customerReferences(accountId, next.id), next.archived));
  }
  await transact(steps, (failed) =>
    failed.has('customer')
      ? staleVersionError(customerSchema, failed.get('customer'))
      : new ConflictError('The customer was being changed at the same moment; try again'),
  );
}

/** 409 IN_USE: what still names a customer or site. */
function inUse(what: 'customer' | 'site', counts: Record<string, unknown> | undefined, externalUserIds: string[]) {
  const parsed = counts ? z.safeParse(referenceCounts, counts) : undefined;
  const found = parsed?.success ? parsed.data : undefined;
  return new ConflictError(
    `This ${what} is in use: archive it instead, or first remove what names it`,
    {
      items: found?.items ?? 0,
      ...(what === 'customer' ? { sites: found?.sites ?? 0 } : { subSites: found?.subSites ?? 0 }),
      externalUserIds,
    },
    'IN_USE',
  );
}

/**
 * Holds while each count is zero; `clientAccesses` (kept by the client access writes, absent until
 * the first) counts as zero while absent, so a client access granted at the same moment as the
 * delete fails one of the two transactions.
 */
const unusedCondition = (fields: readonly string[]): Condition => {
  const all = [...fields, 'clientAccesses'];
  return {
    expression: all
      .map((field, i) =>
        field === 'clientAccesses' ? `(attribute_not_exists(#c${i}) OR #c${i} = :zero)` : `#c${i} = :zero`,
      )
      .join(' AND '),
    names: Object.fromEntries(all.map((field, i) => [`#c${i}`, field])),
    values: { ':zero': 0 },
  };
};

/**
 * One TransactWriteItems: deletes the customer (at the version read) and its reference record,
 * which must count no item and no site (409 IN_USE with the counts otherwise), and leaves who
 * deleted it (`DeletedCustomer`, the audit trail's `customer_deleted`). `usedBy`: the external
 * users whose client access names it, read just before (409 IN_USE when any).
 */
export async function removeCustomer(
  accountId: string,
  record: Customer,
  by: { actorId: string; now: Date },
  usedBy: string[],
): Promise<void> {
  if (usedBy.length > 0) throw inUse('customer', undefined, usedBy);
  await transact(
    [
      { name: 'customer', write: deleteItem(customer(accountId, record.id), record.version) },
      {
        name: 'references',
        write: deleteWhen(customerReferences(accountId, record.id), unusedCondition(['items', 'sites'])),
      },
      {
        name: 'tombstone',
        write: putDerived({
          ...deletedCustomer(accountId, record.id),
          entity: 'DeletedCustomer',
          id: record.id,
          name: record.name,
          deletedBy: by.actorId,
          deletedAt: by.now.toISOString(),
        }),
      },
    ],
    (failed) =>
      failed.has('customer')
        ? staleVersionError(customerSchema, failed.get('customer'))
        : inUse('customer', failed.get('references'), []),
  );
}

// --- site writes -----------------------------------------------------------------------------------

const siteItem = (accountId: string, record: Site) => ({
  ...site(accountId, record.id),
  ...siteIndexes(accountId, record),
  entity: 'Site',
  ...record,
});

/**
 * One TransactWriteItems: the site, its reference counts (0 items, 0 sub-sites), one more site on
 * its customer's counts and, for a sub-site, one more sub-site on its master's; the customer and
 * the master must exist and not be archived at that moment (400 naming `params.customerId` or
 * `body.parentSiteId` otherwise).
 */
export async function insertSite(accountId: string, record: Site): Promise<void> {
  const steps: Step[] = [
    { name: 'site', write: putNew(siteItem(accountId, record)) },
    {
      name: 'references',
      write: putNew({
        ...siteReferences(accountId, record.id),
        entity: 'SiteReferences',
        siteId: record.id,
        items: 0,
        subSites: 0,
        archived: false,
      }),
    },
    { name: 'customer', write: countChange(customerReferences(accountId, record.customerId), 'sites', 1) },
    ...(record.parentSiteId !== undefined
      ? [{ name: 'master', write: countChange(siteReferences(accountId, record.parentSiteId), 'subSites', 1) }]
      : []),
  ];
  await transact(steps, (failed) => {
    const issues = [
      ...(failed.has('customer')
        ? [{ path: 'params.customerId', code: 'unavailable_customer', message: 'the customer is archived or gone' }]
        : []),
      ...(failed.has('master')
        ? [{ path: 'body.parentSiteId', code: 'unavailable_site', message: 'the master site is archived or gone' }]
        : []),
    ];
    return issues.length > 0
      ? new ValidationError('Some fields refer to things that are not valid here', issues)
      : new ConflictError('This site id exists already');
  });
}

/** One TransactWriteItems: replaces the site as `replaceCustomer` does a customer. */
export async function replaceSite(accountId: string, previous: Site, next: Site): Promise<void> {
  const steps: Step[] = [{ name: 'site', write: putVersioned(siteItem(accountId, next), previous.version) }];
  if (previous.archived !== next.archived) steps.push(archivedCopy(siteReferences(accountId, next.id), next.archived));
  await transact(steps, (failed) =>
    failed.has('site')
      ? staleVersionError(siteSchema, failed.get('site'))
      : new ConflictError('The site was being changed at the same moment; try again'),
  );
}

/**
 * One TransactWriteItems: deletes the site (at the version read) and its reference record, which
 * must count no item and no sub-site (409 IN_USE otherwise), takes it off its customer's count
 * (and its master's), and leaves who deleted it (`DeletedSite`). `usedBy` as for `removeCustomer`.
 */
export async function removeSite(
  accountId: string,
  record: Site,
  by: { actorId: string; now: Date },
  usedBy: string[],
): Promise<void> {
  if (usedBy.length > 0) throw inUse('site', undefined, usedBy);
  await transact(
    [
      { name: 'site', write: deleteItem(site(accountId, record.id), record.version) },
      {
        name: 'references',
        write: deleteWhen(siteReferences(accountId, record.id), unusedCondition(['items', 'subSites'])),
      },
      { name: 'customer', write: countChange(customerReferences(accountId, record.customerId), 'sites', -1) },
      ...(record.parentSiteId !== undefined
        ? [{ name: 'master', write: countChange(siteReferences(accountId, record.parentSiteId), 'subSites', -1) }]
        : []),
      {
        name: 'tombstone',
        write: putDerived({
          ...deletedSite(accountId, record.id),
          entity: 'DeletedSite',
          id: record.id,
          customerId: record.customerId,
          name: record.name,
          deletedBy: by.actorId,
          deletedAt: by.now.toISOString(),
        }),
      },
    ],
    (failed) =>
      failed.has('site')
        ? staleVersionError(siteSchema, failed.get('site'))
        : failed.has('references')
          ? inUse('site', failed.get('references'), [])
          : new ConflictError('The site was being changed at the same moment; try again'),
  );
}

/** 404 for an id of no customer of the account. */
export async function requireCustomer(accountId: string, customerId: string): Promise<Customer> {
  const found = await findCustomer(accountId, customerId);
  if (!found) throw new NotFoundError('No such customer');
  return found;
}

/** 404 for an id of no site of the account. */
export async function requireSite(accountId: string, siteId: string): Promise<Site> {
  const found = await findSite(accountId, siteId);
  if (!found) throw new NotFoundError('No such site');
  return found;
}
