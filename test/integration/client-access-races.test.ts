import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { addClientAccess, deleteClientAccess } from '../../functions/clients/client-access-service';
import { writeClientAccess } from '../../functions/clients/client-access-write-repository';
import { createExternalRole } from '../../functions/clients/external-role-service';
import { createExternalView } from '../../functions/clients/external-view-service';
import { archiveCustomer, createCustomer, deleteCustomer } from '../../functions/customers/customer-service';
import { findClientAccess } from '../../functions/external-users/client-access-repository';
import { createExternalUser } from '../../functions/external-users/external-user-service';
import { customerUsage } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { callerOf, clock, newAccount, newUser } from '../support/data-fixtures';

/*
 * A client access and a customer's delete or archive at the same moment: the grant's transaction
 * counts itself on the customer's reference record, so one of the two always fails, whichever read
 * came first.
 */

describe('client access granted while its customer is deleted or archived', () => {
  let accountId: string;
  let admin: StaffUser;
  let roleId: string;
  beforeAll(async () => {
    accountId = await newAccount('client-races');
    admin = await newUser(accountId, 'admin');
    const view = await createExternalView(
      callerOf(admin),
      { name: 'Jobs', kind: 'jobs', columns: ['title'], filters: {} },
      clock,
    );
    roleId = (await createExternalRole(callerOf(admin), { name: 'Clients', viewIds: [view.id] }, clock)).id;
  });

  const person = (name: string) =>
    createExternalUser(
      callerOf(admin),
      { givenName: name, familyName: 'Client', email: `${name}-${accountId}@example.com` },
      clock,
    );

  it('refuses the delete of a customer a client access counts, even when the delete read no usage row', async () => {
    const customer = await createCustomer(callerOf(admin), { name: 'Counted Ltd' }, clock);
    const ext = await person('counted');
    await addClientAccess(callerOf(admin), ext.id, { roleIds: [roleId], customerIds: [customer.id] }, clock);
    // The delete's Query of usage rows ran before the grant wrote its row: take the row away.
    await dynamo.send(
      new DeleteCommand({ TableName: process.env.TABLE_NAME, Key: customerUsage(accountId, customer.id, ext.id) }),
    );

    await expect(deleteCustomer(callerOf(admin), customer.id, clock)).rejects.toMatchObject({
      status: 409,
      code: 'IN_USE',
    });
  });

  it('refuses a grant whose customer was archived after the grant checked it, writing nothing', async () => {
    const customer = await createCustomer(callerOf(admin), { name: 'Archived meanwhile Ltd' }, clock);
    const ext = await person('late');
    await archiveCustomer(callerOf(admin), customer.id, true, clock);
    const at = clock().toISOString();
    // The grant's checks passed before the archive: its write is what must refuse.
    const refusal = await writeClientAccess(accountId, undefined, {
      externalUserId: ext.id,
      accesses: [
        {
          id: 'a-1',
          status: 'active',
          roleIds: [roleId],
          customerIds: [customer.id],
          jobIds: [],
          createdAt: at,
          createdBy: admin.id,
          updatedAt: at,
          updatedBy: admin.id,
        },
      ],
      version: 1,
      createdAt: at,
      createdBy: admin.id,
      updatedAt: at,
      updatedBy: admin.id,
    });

    expect(refusal).toEqual({ goneCustomerIds: [customer.id], goneSiteIds: [] });
    expect(await findClientAccess(accountId, ext.id)).toBeUndefined();
  });

  it('lets a customer go once the last client access naming it is removed', async () => {
    const customer = await createCustomer(callerOf(admin), { name: 'Released Ltd' }, clock);
    const ext = await person('released');
    const granted = await addClientAccess(
      callerOf(admin),
      ext.id,
      { roleIds: [roleId], customerIds: [customer.id] },
      clock,
    );
    await deleteClientAccess(callerOf(admin), ext.id, granted.accesses[0]?.id ?? '', granted.version, clock);

    await expect(deleteCustomer(callerOf(admin), customer.id, clock)).resolves.toBeUndefined();
  });
});
