import * as z from 'zod/mini';
import { clientAccess, externalUser } from '#shared/data/keys';
import { batchGetItems, getItem } from '#shared/data/table';
import { lazySchema } from '#shared/lazy-schema';
import { type ClientAccess, clientAccessSchema } from './client-access';
import { type ExternalUser, externalUserSchema } from './external-user.schema';

export {
  type Access,
  accessSchema,
  activeAccesses,
  type ClientAccess,
  clientAccessSchema,
  clientAccessStatuses,
  hasActiveClientAccess,
} from './client-access';

const storedAccess = lazySchema(() => z.extend(clientAccessSchema, { entity: z.literal('ClientAccess') }));
const storedUser = lazySchema(() => z.extend(externalUserSchema, { entity: z.literal('ExternalUser') }));

const withoutEntity = <T extends { entity: string }>({ entity: _entity, ...rest }: T): Omit<T, 'entity'> => rest;

/** The stored `ClientAccess` item of a record (its key, `entity`, and the record). */
export function clientAccessItem(accountId: string, record: ClientAccess) {
  return { ...clientAccess(accountId, record.externalUserId), entity: 'ClientAccess', ...record };
}

/** CLA-1, one GetItem (consistent): an external user's client access, or undefined when they were never given one. */
export async function findClientAccess(accountId: string, externalUserId: string): Promise<ClientAccess | undefined> {
  const found = await getItem(clientAccess(accountId, externalUserId), storedAccess);
  return found && withoutEntity(found);
}

/**
 * CLA-1, one BatchGetItem (consistent): the external user and their client access, each when it
 * exists. What every client request reads first, to decide with `hasActiveClientAccess`.
 */
export async function findExternalUserWithClientAccess(
  accountId: string,
  externalUserId: string,
): Promise<{ user?: ExternalUser; clientAccess?: ClientAccess }> {
  const items = await batchGetItems(
    [externalUser(accountId, externalUserId), clientAccess(accountId, externalUserId)],
    z.union([storedUser, storedAccess]),
  );
  const result: { user?: ExternalUser; clientAccess?: ClientAccess } = {};
  for (const item of items) {
    if (item.entity === 'ExternalUser') result.user = withoutEntity(item);
    else result.clientAccess = withoutEntity(item);
  }
  return result;
}
