import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import { ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { readMe } from '../staff/staff-service';
import type { NameListQuery } from './customer.contract';
import {
  findSite,
  insertSite,
  listSitePage,
  listSubSitePage,
  removeSite,
  replaceSite,
  requireCustomer,
  requireSite,
  siteUsers,
} from './customer-repository';
import { inOrder, listArgs, requireSettingsManager } from './customer-service';
import type { CreateSiteBody, Site, UpdateSiteBody } from './site.contract';

/** A page of a customer's sites by name (any active staff user; 404 for no customer of the account). */
export async function listSites(caller: StaffCaller, customerId: string, query: NameListQuery) {
  await inOrder([readMe(caller), requireCustomer(caller.accountId, customerId)]);
  const { filter, page } = listArgs(query);
  return listSitePage(caller.accountId, customerId, filter, page);
}

/** A page of a master site's sub-sites by name (any active staff user; 404 for no site; a sub-site has none). */
export async function listSubSites(caller: StaffCaller, siteId: string, query: NameListQuery) {
  const [, master] = await inOrder([readMe(caller), requireSite(caller.accountId, siteId)]);
  if (master.parentSiteId !== undefined) return { items: [] };
  const { filter, page } = listArgs(query);
  return listSubSitePage(caller.accountId, siteId, filter, page);
}

/** One site of the account (any active staff user); 404 for another account's or no site. */
export async function getSite(caller: StaffCaller, siteId: string): Promise<Site> {
  const [, found] = await inOrder([readMe(caller), requireSite(caller.accountId, siteId)]);
  return found;
}

const invalid = (path: string, code: string, message: string) =>
  new ValidationError('Some fields refer to things that are not valid here', [{ path, code, message }]);

/**
 * Creates a site of a customer (admin roles): the customer must not be archived (400 naming
 * `params.customerId`; 404 when it is no customer of the account); a sub-site's parent must be a
 * master site (not itself a sub-site) of the same customer, not archived (400 naming
 * `body.parentSiteId`). The reads in parallel, then one TransactWriteItems that holds them.
 */
export async function createSite(
  caller: StaffCaller,
  customerId: string,
  body: CreateSiteBody,
  clock: Clock = systemClock,
): Promise<Site> {
  const [me, owner, parent] = await inOrder([
    requireSettingsManager(caller),
    requireCustomer(caller.accountId, customerId),
    body.parentSiteId !== undefined ? findSite(caller.accountId, body.parentSiteId) : undefined,
  ]);
  if (owner.archived) throw invalid('params.customerId', 'archived_customer', 'the customer is archived');
  if (body.parentSiteId !== undefined) {
    const path = 'body.parentSiteId';
    if (!parent || parent.customerId !== customerId) {
      throw invalid(path, 'unknown_site', `no site ${body.parentSiteId} of this customer`);
    }
    if (parent.parentSiteId !== undefined) {
      throw invalid(path, 'not_a_master_site', 'a sub-site cannot have sub-sites: name its master site');
    }
    if (parent.archived) throw invalid(path, 'archived_site', 'the master site is archived');
  }
  const now = clock().toISOString();
  const record: Site = {
    id: randomUUID(),
    customerId,
    name: body.name,
    ...(body.address !== undefined ? { address: body.address } : {}),
    ...(body.parentSiteId !== undefined ? { parentSiteId: body.parentSiteId } : {}),
    archived: false,
    version: 1,
    createdAt: now,
    createdBy: me.id,
    updatedAt: now,
    updatedBy: me.id,
  };
  await insertSite(caller.accountId, record);
  return record;
}

/** Changes a site's name or address (admin roles) read at `body.version` (409 with the current one otherwise). */
export async function updateSite(
  caller: StaffCaller,
  siteId: string,
  body: UpdateSiteBody,
  clock: Clock = systemClock,
): Promise<Site> {
  const [me, current] = await inOrder([requireSettingsManager(caller), requireSite(caller.accountId, siteId)]);
  const { address: _previous, ...kept } = current;
  const address = body.address === null ? undefined : (body.address ?? current.address);
  const next: Site = {
    ...kept,
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(address !== undefined ? { address } : {}),
    version: body.version + 1,
    updatedAt: clock().toISOString(),
    updatedBy: me.id,
  };
  await replaceSite(caller.accountId, { ...current, version: body.version }, next);
  return next;
}

/** Archives a site (admin roles), or restores it with `archived` false: idempotent. */
export async function archiveSite(
  caller: StaffCaller,
  siteId: string,
  archived: boolean,
  clock: Clock = systemClock,
): Promise<Site> {
  const [me, current] = await inOrder([requireSettingsManager(caller), requireSite(caller.accountId, siteId)]);
  if (current.archived === archived) return current;
  const next = {
    ...current,
    archived,
    version: current.version + 1,
    updatedAt: clock().toISOString(),
    updatedBy: me.id,
  };
  await replaceSite(caller.accountId, current, next);
  return next;
}

/**
 * Deletes a site (admin roles) that nothing names: no item, no sub-site, no client access (409
 * IN_USE naming what does). Three reads in parallel, then one TransactWriteItems.
 */
export async function deleteSite(caller: StaffCaller, siteId: string, clock: Clock = systemClock) {
  const [me, current, usedBy] = await inOrder([
    requireSettingsManager(caller),
    requireSite(caller.accountId, siteId),
    siteUsers(caller.accountId, siteId),
  ]);
  await removeSite(caller.accountId, current, { actorId: me.id, now: clock() }, usedBy);
}
