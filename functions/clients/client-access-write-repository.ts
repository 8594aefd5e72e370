import * as z from 'zod/mini';
import {
  clientReportSubscription,
  customer,
  customerReferences,
  customerUsage,
  externalUser,
  type PrimaryKey,
  site,
  siteReferences,
  siteUsage,
  workItem,
} from '#shared/data/keys';
import {
  batchGetItems,
  type Condition,
  conditionCheck,
  deleteItem,
  maxBatchGetKeys,
  parseItem,
  presentAnd,
  putDerived,
  putNew,
  putVersioned,
  type Step,
  tryTransact,
} from '#shared/data/table';
import { countChange } from '../customers/customer-references-repository';
import { type ClientAccess, clientAccessSchema } from '../external-users/client-access';
import { clientAccessItem } from '../external-users/client-access-repository';
import { goneRoles, roleUseWrites } from './external-role-repository';

const storedAccess = z.extend(clientAccessSchema, { entity: z.literal('ClientAccess') });

/** What an external user's accesses name, all of them together (active or revoked). */
function named(record: ClientAccess | undefined) {
  const accesses = record?.accesses ?? [];
  return {
    roles: new Set(accesses.flatMap((access) => access.roleIds)),
    customers: new Set(accesses.flatMap((access) => access.customerIds)),
    sites: new Set(accesses.flatMap((access) => (access.site ? [access.site.siteId] : []))),
  };
}

/**
 * The report subscriptions a record gives (CRP-2): one per active access with reports on (of any
 * scope: a site, customers, named jobs), as the hourly run reads it, by access id.
 */
function subscriptions(accountId: string, record: ClientAccess | undefined): Map<string, Record<string, unknown>> {
  const rows = new Map<string, Record<string, unknown>>();
  for (const access of record?.accesses ?? []) {
    const frequency = access.reportFrequency;
    if (access.status !== 'active' || (frequency !== 'daily' && frequency !== 'weekly')) continue;
    rows.set(access.id, {
      ...clientReportSubscription(accountId, record?.externalUserId as string, access.id),
      entity: 'ClientReportSubscription',
      accountId,
      externalUserId: record?.externalUserId,
      accessId: access.id,
      ...(access.site ? { siteId: access.site.siteId } : {}),
      frequency,
      onlyWhenActive: access.reportOnlyWhenActive ?? false,
      ...(access.reportTimeZone !== undefined ? { timeZone: access.reportTimeZone } : {}),
      since: access.reportSince ?? access.updatedAt,
    });
  }
  return rows;
}

/** CRP-2: the writes that make the subscription rows `next`'s from `previous`'s (only those that change). */
function subscriptionWrites(
  accountId: string,
  previous: ClientAccess | undefined,
  next: ClientAccess | undefined,
): Step[] {
  const before = subscriptions(accountId, previous);
  const after = subscriptions(accountId, next);
  const steps: Step[] = [];
  for (const [id, row] of after) {
    if (JSON.stringify(before.get(id)) === JSON.stringify(row)) continue;
    steps.push({ name: 'subscription', write: putDerived(row as PrimaryKey & Record<string, unknown>) });
  }
  for (const [id] of before) {
    if (!after.has(id)) {
      const userId = previous?.externalUserId as string;
      steps.push({ name: 'subscription', write: deleteItem(clientReportSubscription(accountId, userId, id)) });
    }
  }
  return steps;
}

const added = (before: Set<string>, after: Set<string>) => [...after].filter((id) => !before.has(id));
const dropped = (before: Set<string>, after: Set<string>) => [...before].filter((id) => !after.has(id));

/** Holds while the external user exists and was not promoted to a staff user. */
const notPromoted: Condition = presentAnd({
  expression: '#status <> :promoted',
  names: { '#status': 'status' },
  values: { ':promoted': 'promoted' },
});

/**
 * The usage rows a customer or site keeps of the external users whose client accesses name it
 * (CUS-7, SITE-8), and its reference record's count of them: a newly named one must still be there
 * and not archived (step `<field>:<id>` fails otherwise), and its delete, which requires the count
 * to be zero, cannot pass at the same moment.
 */
function usageRows(
  key: (id: string) => PrimaryKey,
  references: (id: string) => PrimaryKey,
  entity: string,
  field: string,
  externalUserId: string,
  ids: { added: string[]; dropped: string[] },
  now: string,
): Step[] {
  return [
    ...ids.added.flatMap((id): Step[] => [
      { name: entity, write: putDerived({ ...key(id), entity, [field]: id, externalUserId, createdAt: now }) },
      { name: `${field}:${id}`, write: countChange(references(id), 'clientAccesses', 1) },
    ]),
    ...ids.dropped.flatMap((id): Step[] => [
      { name: entity, write: deleteItem(key(id)) },
      { name: `${field}:${id}`, write: countChange(references(id), 'clientAccesses', -1) },
    ]),
  ];
}

/** Why a client access write was refused. */
export type ClientAccessRefusal =
  | { stale: ClientAccess | undefined; existed: boolean }
  | { userGone: Record<string, unknown> | undefined }
  | { goneRoleIds: string[] }
  /** Customers or sites named anew that were archived or deleted at the same moment. */
  | { goneCustomerIds: string[]; goneSiteIds: string[] };

/**
 * CLA-2, one TransactWriteItems: the external user's client access record as `next` (while it is
 * still `previous`, or absent when there was none), the external user checked (exists, not
 * promoted), and the usage rows and counts of the roles, customers and sites their accesses
 * start or stop naming. Answers why it was refused, if it was.
 */
export async function writeClientAccess(
  accountId: string,
  previous: ClientAccess | undefined,
  next: ClientAccess,
  options: { checkUser?: boolean } = {},
): Promise<ClientAccessRefusal | undefined> {
  const before = named(previous);
  const after = named(next);
  const user = next.externalUserId;
  const now = next.updatedAt;
  const failed = await tryTransact([
    {
      name: 'record',
      write: previous
        ? putVersioned(clientAccessItem(accountId, next), previous.version)
        : putNew(clientAccessItem(accountId, next)),
    },
    ...(options.checkUser === false
      ? []
      : [{ name: 'user', write: conditionCheck(externalUser(accountId, user), notPromoted) }]),
    ...roleUseWrites(accountId, user, added(before.roles, after.roles), dropped(before.roles, after.roles), now),
    ...usageRows(
      (id) => customerUsage(accountId, id, user),
      (id) => customerReferences(accountId, id),
      'CustomerUse',
      'customerId',
      user,
      { added: added(before.customers, after.customers), dropped: dropped(before.customers, after.customers) },
      now,
    ),
    ...usageRows(
      (id) => siteUsage(accountId, id, user),
      (id) => siteReferences(accountId, id),
      'SiteUse',
      'siteId',
      user,
      { added: added(before.sites, after.sites), dropped: dropped(before.sites, after.sites) },
      now,
    ),
    ...subscriptionWrites(accountId, previous, next),
  ]);
  if (!failed) return undefined;
  if (failed.has('record')) {
    const current = failed.get('record');
    return { stale: current && parseItem(storedAccess, current), existed: previous !== undefined };
  }
  if (failed.has('user')) return { userGone: failed.get('user') };
  const failedOf = (field: string) =>
    [...failed.keys()].filter((name) => name.startsWith(`${field}:`)).map((name) => name.slice(field.length + 1));
  const goneCustomerIds = failedOf('customerId');
  const goneSiteIds = failedOf('siteId');
  if (goneCustomerIds.length > 0 || goneSiteIds.length > 0) return { goneCustomerIds, goneSiteIds };
  return { goneRoleIds: goneRoles(failed) };
}

/** One BatchGetItem per 100 distinct ids, in parallel, of the projected fields: the records found, by id. */
async function factsOf<S extends z.ZodMiniType<{ id: string }>>(
  ids: readonly string[],
  key: (id: string) => PrimaryKey,
  schema: S,
  projection: readonly string[],
): Promise<Map<string, z.infer<S>>> {
  const distinct = [...new Set(ids)];
  const batches: string[][] = [];
  for (let i = 0; i < distinct.length; i += maxBatchGetKeys) batches.push(distinct.slice(i, i + maxBatchGetKeys));
  const found = await Promise.all(batches.map((batch) => batchGetItems(batch.map(key), schema, projection)));
  return new Map(found.flat().map((record) => [record.id, record]));
}

const jobFacts = z.object({ id: z.string() });
const customerFacts = z.object({ id: z.string(), archived: z.boolean() });
const siteFacts = z.object({ id: z.string(), archived: z.boolean(), parentSiteId: z.optional(z.string()) });

/*
 * The customers' and sites' facts are read here with a projection rather than through the
 * customers' repository (findCustomers, findSites), which carries their route contracts: about
 * 6 kB that would take these functions past their 40 kB of own code.
 */

/** CLA-3, one BatchGetItem per 100 ids (projection `id`): which of these jobs exist in the account. */
export async function existingJobIds(accountId: string, jobIds: readonly string[]): Promise<Set<string>> {
  const found = await factsOf(jobIds, (id) => workItem('job', accountId, id), jobFacts, ['id']);
  return new Set(found.keys());
}

/** CLA-3, one BatchGetItem per 100 ids (projection `id`, `archived`): the account's customers among these. */
export const customerFactsOf = (accountId: string, customerIds: readonly string[]) =>
  factsOf(customerIds, (id) => customer(accountId, id), customerFacts, ['id', 'archived']);

/** CLA-3, one BatchGetItem per 100 ids (projection `id`, `archived`, `parentSiteId`): the account's sites among these. */
export const siteFactsOf = (accountId: string, siteIds: readonly string[]) =>
  factsOf(siteIds, (id) => site(accountId, id), siteFacts, ['id', 'archived', 'parentSiteId']);
