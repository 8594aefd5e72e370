import * as z from 'zod/mini';
import { absentSignInTargets, account, clientAccess, externalUser, externalUserEmail } from '#shared/data/keys';
import { batchGetItems, getItem } from '#shared/data/table';
import { lazySchema } from '#shared/lazy-schema';
import { type ClientAccess, clientAccessSchema } from '../external-users/client-access-repository';
import { type ExternalUser, externalUserSchema } from '../external-users/external-user.schema';

const emailGuard = lazySchema(() => z.object({ externalUserId: z.string() }));
const target = lazySchema(() =>
  z.union([
    z.extend(externalUserSchema, { entity: z.literal('ExternalUser') }),
    z.extend(clientAccessSchema, { entity: z.literal('ClientAccess') }),
    z.object({ entity: z.literal('Account'), name: z.string() }),
  ]),
);

/** What a sign-in without a link is decided on: the address's external user, their client access and the account's name. */
export interface AddressSignIn {
  user?: ExternalUser;
  clientAccess?: ClientAccess;
  accountName?: string;
}

/**
 * SGN-3, always two requests one after the other: the address's guard item (GetItem), then one
 * BatchGetItem of its external user, their client access and the account, or, for an address no
 * external user of the account has, of keys that hold nothing, so an unknown address looks and
 * takes like a known one (docs/security.md R10).
 */
export async function findAddressSignIn(accountId: string, email: string): Promise<AddressSignIn> {
  const guard = await getItem(externalUserEmail(accountId, email), emailGuard);
  const targetKeys = guard
    ? [externalUser(accountId, guard.externalUserId), clientAccess(accountId, guard.externalUserId), account(accountId)]
    : absentSignInTargets();
  const found: AddressSignIn = {};
  for (const record of await batchGetItems(targetKeys, target)) {
    if (record.entity === 'ExternalUser') {
      const { entity: _entity, ...user } = record;
      found.user = user;
    } else if (record.entity === 'ClientAccess') {
      const { entity: _entity, ...access } = record;
      found.clientAccess = access;
    } else found.accountName = record.name;
  }
  return found;
}
