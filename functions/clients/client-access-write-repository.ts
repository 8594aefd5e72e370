import * as z from 'zod/mini';
import { customerUsage, externalUser, type PrimaryKey, siteUsage, workItem } from '#shared/data/keys';
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

const added = (before: Set<string>, after: Set<string>) => [...after].filter((id) => !before.has(id));
const dropped = (before: Set<string>, after: Set<string>) => [...before].filter((id) => !after.has(id));

/** Holds while the external user exists and was not promoted to a staff user. */
const notPromoted: Condition = presentAnd({
  expression: '#status <> :promoted',
  names: { '#status': 'status' },
  values: { ':promoted': 'promoted' },
});

/** The usage rows a customer or site keeps of the external users whose client accesses name it (CUS-7, SITE-8). */
function usageRows(
  key: (id: string) => PrimaryKey,
  entity: string,
  field: string,
  externalUserId: string,
  ids: { added: string[]; dropped: string[] },
  now: string,
): Step[] {
  return [
    ...ids.added.map(
      (id): Step => ({
        name: entity,
        write: putDerived({ ...key(id), entity, [field]: id, externalUserId, createdAt: now }),
      }),
    ),
    ...ids.dropped.map((id): Step => ({ name: entity, write: deleteItem(key(id)) })),
  ];
}

/** Why a client access write was refused. */
export type ClientAccessRefusal =
  | { stale: ClientAccess | undefined; existed: boolean }
  | { userGone: Record<string, unknown> | undefined }
  | { goneRoleIds: string[] };

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
      'CustomerUse',
      'customerId',
      user,
      { added: added(before.customers, after.customers), dropped: dropped(before.customers, after.customers) },
      now,
    ),
    ...usageRows(
      (id) => siteUsage(accountId, id, user),
      'SiteUse',
      'siteId',
      user,
      { added: added(before.sites, after.sites), dropped: dropped(before.sites, after.sites) },
      now,
    ),
  ]);
  if (!failed) return undefined;
  if (failed.has('record')) {
    const current = failed.get('record');
    return { stale: current && parseItem(storedAccess, current), existed: previous !== undefined };
  }
  if (failed.has('user')) return { userGone: failed.get('user') };
  return { goneRoleIds: goneRoles(failed) };
}

/** CLA-3, one BatchGetItem per 100 ids (projection `id`): which of these jobs exist in the account. */
export async function existingJobIds(accountId: string, jobIds: readonly string[]): Promise<Set<string>> {
  const ids = [...new Set(jobIds)];
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += maxBatchGetKeys) batches.push(ids.slice(i, i + maxBatchGetKeys));
  const found = await Promise.all(
    batches.map((batch) =>
      batchGetItems(
        batch.map((id) => workItem('job', accountId, id)),
        z.object({ id: z.string() }),
        ['id'],
      ),
    ),
  );
  return new Set(found.flat().map((job) => job.id));
}
