import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import { ForbiddenError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { settingsAccess } from '../staff/permissions/roles';
import type { StaffUser } from '../staff/staff.contract';
import { readMe } from '../staff/staff-service';
import type { CreateCustomerBody, Customer, NameListQuery, UpdateCustomerBody } from './customer.contract';
import {
  customerUsers,
  insertCustomer,
  listCustomerPage,
  removeCustomer,
  replaceCustomer,
  requireCustomer,
} from './customer-repository';

/**
 * The caller, if their role manages customers and sites: "other settings", which every admin
 * role has (403 SETTINGS_DENIED otherwise). Reading needs only an active staff user.
 */
export async function requireSettingsManager(caller: StaffCaller): Promise<StaffUser> {
  const me = await readMe(caller);
  if (!settingsAccess(me.role).other) {
    throw new ForbiddenError('Managing customers and sites needs settings access', 'SETTINGS_DENIED');
  }
  return me;
}

/**
 * Reads started together, awaited as one: the first failure in the order given wins (the
 * caller's permission before a 404), so what a refused request answers does not depend on timing.
 */
export async function inOrder<T extends readonly unknown[] | []>(
  reads: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(reads);
  return results.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  }) as { -readonly [K in keyof T]: Awaited<T[K]> };
}

/** A list query's filters and page, as the repository takes them. */
export function listArgs(query: NameListQuery) {
  return {
    filter: {
      ...(query.archived !== undefined ? { archived: query.archived === 'true' } : {}),
      ...(query.q !== undefined ? { prefix: query.q } : {}),
    },
    page: { limit: query.limit ?? 50, ...(query.cursor !== undefined ? { cursor: query.cursor } : {}) },
  };
}

/** A page of the account's customers by name (any active staff user): the caller's GetItem, then one Query. */
export async function listCustomers(caller: StaffCaller, query: NameListQuery) {
  await readMe(caller);
  const { filter, page } = listArgs(query);
  return listCustomerPage(caller.accountId, filter, page);
}

/** One customer of the account (any active staff user); 404 for another account's or no customer. */
export async function getCustomer(caller: StaffCaller, customerId: string): Promise<Customer> {
  const [, found] = await inOrder([readMe(caller), requireCustomer(caller.accountId, customerId)]);
  return found;
}

/** Creates a customer (admin roles). */
export async function createCustomer(
  caller: StaffCaller,
  body: CreateCustomerBody,
  clock: Clock = systemClock,
): Promise<Customer> {
  const me = await requireSettingsManager(caller);
  const now = clock().toISOString();
  const record: Customer = {
    id: randomUUID(),
    name: body.name,
    ...(body.reference !== undefined ? { reference: body.reference } : {}),
    contacts: body.contacts ?? [],
    archived: false,
    version: 1,
    createdAt: now,
    createdBy: me.id,
    updatedAt: now,
    updatedBy: me.id,
  };
  await insertCustomer(caller.accountId, record);
  return record;
}

/** Changes a customer (admin roles) read at `body.version` (409 with the current one otherwise). */
export async function updateCustomer(
  caller: StaffCaller,
  customerId: string,
  body: UpdateCustomerBody,
  clock: Clock = systemClock,
): Promise<Customer> {
  const [me, current] = await inOrder([requireSettingsManager(caller), requireCustomer(caller.accountId, customerId)]);
  const { version, reference, ...changes } = body;
  const { reference: _previous, ...kept } = current;
  const nextReference = reference === null ? undefined : (reference ?? current.reference);
  const next: Customer = {
    ...kept,
    ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
    ...(nextReference !== undefined ? { reference: nextReference } : {}),
    version: version + 1,
    updatedAt: clock().toISOString(),
    updatedBy: me.id,
  };
  await replaceCustomer(caller.accountId, { ...current, version }, next);
  return next;
}

/**
 * Archives a customer (admin roles), or restores it with `archived` false: idempotent. What names
 * it keeps it; nothing can name it anew while it is archived.
 */
export async function archiveCustomer(
  caller: StaffCaller,
  customerId: string,
  archived: boolean,
  clock: Clock = systemClock,
): Promise<Customer> {
  const [me, current] = await inOrder([requireSettingsManager(caller), requireCustomer(caller.accountId, customerId)]);
  if (current.archived === archived) return current;
  const next = {
    ...current,
    archived,
    version: current.version + 1,
    updatedAt: clock().toISOString(),
    updatedBy: me.id,
  };
  await replaceCustomer(caller.accountId, current, next);
  return next;
}

/**
 * Deletes a customer (admin roles) that nothing names: no item, no site, no client access (409
 * IN_USE naming what does). The caller's, the customer's and its usage rows' reads in parallel,
 * then one TransactWriteItems.
 */
export async function deleteCustomer(caller: StaffCaller, customerId: string, clock: Clock = systemClock) {
  const [me, current, usedBy] = await inOrder([
    requireSettingsManager(caller),
    requireCustomer(caller.accountId, customerId),
    customerUsers(caller.accountId, customerId),
  ]);
  await removeCustomer(caller.accountId, current, { actorId: me.id, now: clock() }, usedBy);
}
