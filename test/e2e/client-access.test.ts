import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../functions/customers/customer.contract';
import {
  customerUsers,
  insertCustomer,
  insertSite,
  replaceCustomer,
  siteUsers,
} from '../../functions/customers/customer-repository';
import type { Site } from '../../functions/customers/site.contract';
import { daysFromNow } from '../support/dates';
import {
  api,
  invite,
  type Member,
  member,
  newAccountWithAdmin,
  newEmail,
  send,
  type Tenant,
} from '../support/staff-session';

const stamp = {
  version: 1,
  createdAt: '2027-01-01T00:00:00.000Z',
  createdBy: 'fixture',
  updatedAt: '2027-01-01T00:00:00.000Z',
  updatedBy: 'fixture',
};

/** A customer written through the customers' own repository (their routes come with their capability). */
async function customer(accountId: string, extra: Partial<Customer> = {}): Promise<Customer> {
  const record: Customer = {
    id: randomUUID(),
    name: 'Acme Dealers',
    contacts: [],
    archived: false,
    ...stamp,
    ...extra,
  };
  await insertCustomer(accountId, record);
  return record;
}

/** A site (a master, or a sub-site with `parentSiteId`) of a customer, written the same way. */
async function site(accountId: string, customerId: string, extra: Partial<Site> = {}): Promise<Site> {
  const record: Site = { id: randomUUID(), customerId, name: 'Main yard', archived: false, ...stamp, ...extra };
  await insertSite(accountId, record);
  return record;
}

describe('client access on an external user', () => {
  let t: Tenant;
  let other: Tenant;
  let admin: Member;
  let general: Member;
  let roleId: string;
  let secondRoleId: string;
  let foreignRoleId: string;
  let acme: Customer;
  let archived: Customer;
  let master: Site;
  let subA: Site;
  let subB: Site;
  let otherMaster: Site;
  let jobId: string;
  let foreignJobId: string;

  const externalUser = async (tenant: Tenant = t) => {
    const res = await send('POST', '/external-users', tenant.token, {
      givenName: 'Dana',
      familyName: 'Dealer',
      email: newEmail('dana'),
    });
    if (res.status !== 201) throw new Error(`external user: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; email: string; version: number };
  };
  const path = (userId: string, accessId?: string) =>
    `/external-users/${userId}/client-access${accessId ? `/${accessId}` : ''}`;
  const grant = (token: string, userId: string, body: object) => send('POST', path(userId), token, body);
  const granted = async (userId: string, body: object = { roleIds: [roleId], customerIds: [acme.id] }) => {
    const res = await grant(admin.token, userId, body);
    if (res.status !== 201) throw new Error(`grant: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const paths = (res: { body: { error: { details: { path: string }[] } } }) =>
    res.body.error.details.map((d) => d.path);
  const job = async (tenant: Tenant, ownerId: string) => {
    const res = await send('POST', '/jobs', tenant.token, {
      title: 'Install windows',
      dueAt: daysFromNow(30),
      location: { text: 'Lot 4' },
      ownerIds: [ownerId],
    });
    if (res.status !== 201) throw new Error(`job: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };

  beforeAll(async () => {
    [t, other] = await Promise.all([newAccountWithAdmin('clientaccess'), newAccountWithAdmin('clientaccess-other')]);
    [admin, general] = await Promise.all([
      invite(t.token, 'admin', 'caadmin'),
      member(t, 'general', 'cageneral', { jobs: { access: true } }),
    ]);
    const view = await send('POST', '/external-views', t.token, { name: 'Jobs', kind: 'jobs', columns: ['title'] });
    const role = await send('POST', '/external-roles', t.token, { name: 'Dealers', viewIds: [view.body.id] });
    const second = await send('POST', '/external-roles', t.token, { name: 'Builders', viewIds: [view.body.id] });
    const foreignView = await send('POST', '/external-views', other.token, { name: 'J', kind: 'calendar' });
    const foreignRole = await send('POST', '/external-roles', other.token, {
      name: 'X',
      viewIds: [foreignView.body.id],
    });
    [roleId, secondRoleId, foreignRoleId] = [role.body.id, second.body.id, foreignRole.body.id];
    acme = await customer(t.account.id);
    archived = await customer(t.account.id, { name: 'Old Builders', archived: true });
    master = await site(t.account.id, acme.id, { name: 'Harbour' });
    subA = await site(t.account.id, acme.id, { name: 'Pier A', parentSiteId: master.id });
    subB = await site(t.account.id, acme.id, { name: 'Pier B', parentSiteId: master.id });
    otherMaster = await site(t.account.id, acme.id, { name: 'Airport' });
    jobId = await job(t, t.admin.id);
    foreignJobId = await job(other, other.admin.id);
  });

  it('answers an empty client access for an external user who was never given one', async () => {
    const user = await externalUser();
    const res = await api(path(user.id), { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ externalUserId: user.id, accesses: [], version: 0, warnings: [] });
  });

  it('gives an access with a role, customers and a master site with chosen sub-sites, and answers it on GET', async () => {
    const user = await externalUser();
    const res = await grant(admin.token, user.id, {
      roleIds: [roleId],
      customerIds: [acme.id],
      site: { siteId: master.id, subSites: { [subA.id]: true, [subB.id]: false } },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ externalUserId: user.id, version: 1, warnings: [] });
    expect(res.body.accesses).toEqual([
      {
        id: expect.any(String),
        status: 'active',
        roleIds: [roleId],
        customerIds: [acme.id],
        jobIds: [],
        site: { siteId: master.id, subSites: { [subA.id]: true, [subB.id]: false }, futureSubSites: false },
        createdAt: expect.any(String),
        createdBy: admin.user.id,
        updatedAt: expect.any(String),
        updatedBy: admin.user.id,
      },
    ]);
    expect((await api(path(user.id), { token: t.token })).body).toEqual(res.body);
  });

  it('keeps a usage row under each role, customer and site the accesses name, and drops it with the last access naming it', async () => {
    const user = await externalUser();
    const made = await granted(user.id, { roleIds: [roleId], customerIds: [acme.id], site: { siteId: master.id } });
    expect(await customerUsers(t.account.id, acme.id)).toContain(user.id);
    expect(await siteUsers(t.account.id, master.id)).toContain(user.id);
    const accessId = made.accesses[0].id;
    const moved = await send('PUT', path(user.id, accessId), admin.token, {
      version: 1,
      roleIds: [roleId],
      site: { siteId: otherMaster.id },
    });
    expect(moved.status).toBe(200);
    expect(await customerUsers(t.account.id, acme.id)).not.toContain(user.id);
    expect(await siteUsers(t.account.id, master.id)).not.toContain(user.id);
    expect(await siteUsers(t.account.id, otherMaster.id)).toContain(user.id);
  });

  it('adds further accesses, and warns that specific jobs do not follow new jobs', async () => {
    const user = await externalUser();
    await granted(user.id);
    const res = await grant(admin.token, user.id, { version: 1, roleIds: [secondRoleId], jobIds: [jobId] });
    expect(res.status).toBe(201);
    expect(res.body.version).toBe(2);
    expect(res.body.accesses).toHaveLength(2);
    const added = res.body.accesses[1];
    expect(added).toMatchObject({ status: 'active', roleIds: [secondRoleId], jobIds: [jobId], customerIds: [] });
    expect(res.body.warnings).toEqual([
      { accessId: added.id, code: 'SPECIFIC_JOBS_DO_NOT_FOLLOW_NEW_JOBS', message: expect.stringMatching(/new jobs/) },
    ]);
  });

  it('revokes an access and restores it with PUT at the record version, noting who revoked it', async () => {
    const user = await externalUser();
    const made = await granted(user.id);
    const accessId = made.accesses[0].id;
    const revoked = await send('PUT', path(user.id, accessId), admin.token, {
      version: 1,
      status: 'revoked',
      roleIds: [roleId],
      customerIds: [acme.id],
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.accesses[0]).toMatchObject({
      status: 'revoked',
      revokedBy: admin.user.id,
      revokedAt: expect.any(String),
    });
    const restored = await send('PUT', path(user.id, accessId), admin.token, {
      version: 2,
      status: 'active',
      roleIds: [roleId, secondRoleId],
      customerIds: [acme.id],
    });
    expect(restored.body.accesses[0]).toMatchObject({ status: 'active', roleIds: [roleId, secondRoleId] });
    expect(restored.body.accesses[0].revokedAt).toBeUndefined();
    expect(restored.body.version).toBe(3);
  });

  it('refuses a stale version with 409 STALE_VERSION and the current record', async () => {
    const user = await externalUser();
    const made = await granted(user.id);
    const accessId = made.accesses[0].id;
    await granted(user.id, { roleIds: [roleId], jobIds: [jobId] });
    const stale = await send('PUT', path(user.id, accessId), admin.token, {
      version: 1,
      status: 'revoked',
      roleIds: [roleId],
      customerIds: [acme.id],
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('STALE_VERSION');
    expect(stale.body.error.details.current).toMatchObject({ version: 2 });
    const staleAdd = await grant(admin.token, user.id, { version: 1, roleIds: [roleId], customerIds: [acme.id] });
    expect(staleAdd.status).toBe(409);
    expect(
      (await api(path(user.id), { token: t.token })).body.accesses.map((a: { status: string }) => a.status),
    ).toEqual(['active', 'active']);
  });

  it('removes one access with DELETE, keeping the others', async () => {
    const user = await externalUser();
    await granted(user.id);
    const two = await granted(user.id, { roleIds: [secondRoleId], customerIds: [acme.id] });
    const [first, second] = two.accesses;
    const res = await send('DELETE', `${path(user.id, first.id)}?version=2`, admin.token);
    expect(res.status).toBe(200);
    expect(res.body.accesses.map((a: { id: string }) => a.id)).toEqual([second.id]);
    expect((await send('DELETE', `${path(user.id, first.id)}?version=3`, admin.token)).status).toBe(404);
  });

  it.each([
    ['body.roleIds', { roleIds: [], customerIds: ['x'] }],
    ['body.roleIds', { customerIds: ['x'] }],
    ['body.customerIds', { roleIds: ['r'] }],
    ['body.jobIds', { roleIds: ['r'], jobIds: Array.from({ length: 101 }, (_, i) => `job-${i}`) }],
    ['body.status', { roleIds: ['r'], customerIds: ['x'], status: 'paused' }],
    ['body', { roleIds: ['r'], customerIds: ['x'], extra: true }],
  ])('refuses a malformed access with 400 naming %s', async (field, body) => {
    const user = await externalUser();
    const res = await grant(admin.token, user.id, body);
    expect(res.status).toBe(400);
    expect(paths(res)).toContain(field);
  });

  it('refuses unknown and foreign roles, customers, jobs and sites with 400 naming each', async () => {
    const user = await externalUser();
    const res = await grant(admin.token, user.id, {
      roleIds: [roleId, foreignRoleId, 'no-such-role'],
      customerIds: [acme.id, 'no-such-customer'],
      jobIds: [jobId, foreignJobId],
      site: { siteId: 'no-such-site' },
    });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual([
      'body.roleIds.1',
      'body.roleIds.2',
      'body.customerIds.1',
      'body.jobIds.1',
      'body.site.siteId',
    ]);
    expect((await api(path(user.id), { token: t.token })).body.version).toBe(0);
  });

  it('refuses an archived customer newly named with 400, but keeps it where it was named before', async () => {
    const user = await externalUser();
    const refused = await grant(admin.token, user.id, { roleIds: [roleId], customerIds: [archived.id] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({ path: 'body.customerIds.0', code: 'archived_customer' });
    const later = await customer(t.account.id, { name: 'Archived later' });
    const made = await granted(user.id, { roleIds: [roleId], customerIds: [later.id] });
    await replaceCustomer(t.account.id, later, { ...later, archived: true, version: 2 });
    const kept = await send('PUT', path(user.id, made.accesses[0].id), admin.token, {
      version: 1,
      roleIds: [roleId, secondRoleId],
      customerIds: [later.id],
    });
    expect(kept.status).toBe(200);
  });

  it('refuses a sub-site that is not under the site with 400 naming it', async () => {
    const user = await externalUser();
    const res = await grant(admin.token, user.id, {
      roleIds: [roleId],
      site: { siteId: master.id, subSites: { [subA.id]: true, [otherMaster.id]: true, 'no-such-site': false } },
    });
    expect(res.status).toBe(400);
    expect(paths(res).sort()).toEqual(
      [`body.site.subSites.${otherMaster.id}`, 'body.site.subSites.no-such-site'].sort(),
    );
  });

  it('answers 404 for an unknown or foreign external user and for an unknown access', async () => {
    const theirs = await externalUser(other);
    for (const id of ['no-such-user', theirs.id]) {
      expect((await api(path(id), { token: t.token })).status).toBe(404);
      expect((await grant(t.token, id, { roleIds: [roleId], customerIds: [acme.id] })).status).toBe(404);
    }
    const user = await externalUser();
    const put = await send('PUT', path(user.id, 'no-such-access'), t.token, {
      version: 0,
      roleIds: [roleId],
      customerIds: [acme.id],
    });
    expect(put.status).toBe(404);
  });

  it('refuses a general user every client access route with 403', async () => {
    const user = await externalUser();
    const made = await granted(user.id);
    const answers = await Promise.all([
      api(path(user.id), { token: general.token }),
      grant(general.token, user.id, { roleIds: [roleId], customerIds: [acme.id] }),
      send('PUT', path(user.id, made.accesses[0].id), general.token, {
        version: 1,
        status: 'revoked',
        roleIds: [roleId],
        customerIds: [acme.id],
      }),
      send('DELETE', path(user.id, made.accesses[0].id), general.token),
    ]);
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403]);
    expect((await api(path(user.id), { token: t.token })).body.accesses[0].status).toBe('active');
  });

  it('refuses to give a promoted external user client access with 409 EXTERNAL_USER_PROMOTED', async () => {
    const user = await externalUser();
    const promoted = await send('POST', `/external-users/${user.id}/promote`, t.token, { version: 1, role: 'general' });
    expect(promoted.status).toBe(201);
    const res = await grant(admin.token, user.id, { roleIds: [roleId], customerIds: [acme.id] });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EXTERNAL_USER_PROMOTED');
  });

  it('refuses to delete a role a client access uses with 409 IN_USE naming the external user, until the access lets go of it', async () => {
    const view = await send('POST', '/external-views', t.token, { name: 'Cal', kind: 'calendar' });
    const role = await send('POST', '/external-roles', t.token, { name: 'Temporary', viewIds: [view.body.id] });
    const user = await externalUser();
    const made = await granted(user.id, { roleIds: [role.body.id, roleId], customerIds: [acme.id] });
    const refused = await send('DELETE', `/external-roles/${role.body.id}`, t.token);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'IN_USE',
      details: { externalUsers: [{ id: user.id, givenName: 'Dana', familyName: 'Dealer', email: user.email }] },
    });
    await send('PUT', path(user.id, made.accesses[0].id), admin.token, {
      version: 1,
      status: 'revoked',
      roleIds: [role.body.id, roleId],
      customerIds: [acme.id],
    });
    expect((await send('DELETE', `/external-roles/${role.body.id}`, t.token)).status).toBe(409);
    await send('PUT', path(user.id, made.accesses[0].id), admin.token, {
      version: 2,
      roleIds: [roleId],
      customerIds: [acme.id],
    });
    expect((await send('DELETE', `/external-roles/${role.body.id}`, t.token)).status).toBe(204);
  });

  it('refuses to name a role deleted meanwhile, with 400', async () => {
    const view = await send('POST', '/external-views', t.token, { name: 'Cal 2', kind: 'calendar' });
    const role = await send('POST', '/external-roles', t.token, { name: 'Short-lived', viewIds: [view.body.id] });
    await send('DELETE', `/external-roles/${role.body.id}`, t.token);
    const user = await externalUser();
    const res = await grant(admin.token, user.id, { roleIds: [role.body.id], customerIds: [acme.id] });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['body.roleIds.0']);
  });
});
