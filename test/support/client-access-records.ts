import { randomUUID } from 'node:crypto';
import { type Access, clientAccessItem } from '../../functions/external-users/client-access-repository';
import { putDerived, transact } from '../../functions/shared/data/table';

/*
 * A client access written straight through the product's own data layer, for the sign-in tests
 * that need a person with (or without) an active client access and nothing else of it. The client
 * read API's tests give access through the staff routes, as a user would.
 */

/** Writes (or replaces) the external user's client access with one access of this status. */
export async function writeClientAccess(
  accountId: string,
  externalUserId: string,
  status: Access['status'] = 'active',
): Promise<void> {
  const at = new Date().toISOString();
  const access: Access = {
    id: randomUUID(),
    status,
    roleIds: ['role-fixture'],
    customerIds: ['customer-fixture'],
    jobIds: [],
    createdAt: at,
    createdBy: 'fixture',
    updatedAt: at,
    updatedBy: 'fixture',
  };
  const record = {
    externalUserId,
    accesses: [access],
    version: 1,
    createdAt: at,
    createdBy: 'fixture',
    updatedAt: at,
    updatedBy: 'fixture',
  };
  await transact([{ name: 'clientAccess', write: putDerived(clientAccessItem(accountId, record)) }], 'not written');
}
