import { beforeAll, describe, expect, it } from 'vitest';
import { findCustomers, findSites } from '../../functions/customers/customer-repository';
import {
  archiveCustomer,
  createCustomer,
  deleteCustomer,
  listCustomers,
} from '../../functions/customers/customer-service';
import { createSite, deleteSite } from '../../functions/customers/site-service';
import { createJob } from '../../functions/item-writes/create-job';
import { deleteJob, updateJob } from '../../functions/item-writes/job-writes';
import { customerUsage, workItemList } from '../../functions/shared/data/keys';
import { dynamo, putDerived, queryPage, transact } from '../../functions/shared/data/table';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { jobSummarySchema } from '../../functions/work/jobs/job.contract';
import { jobReads } from '../../functions/work/jobs/job-kind';
import { listJobs } from '../../functions/work/jobs/job-reads-service';
import { createLog } from '../../functions/work/logs/log-writes';
import { customerSiteHooks } from '../../functions/work/shared/customer-site';
import { deleteWorkItem, updateWorkItem } from '../../functions/work/shared/work-item-service';
import { replaceWorkItem } from '../../functions/work/shared/work-item-store';
import { callerOf, clock, newAccount, newUser } from '../support/data-fixtures';
import { countRequests } from '../support/request-counter';

const counter = countRequests(dynamo);

describe('customer and site requests against DynamoDB Local', () => {
  let accountId: string;
  let admin: StaffUser;
  let owner: StaffUser;
  /** Sees and writes confidential items too. */
  let boss: StaffUser;
  beforeAll(async () => {
    accountId = await newAccount('customers', { privacyStatusIds: ['restricted'] });
    admin = await newUser(accountId, 'admin');
    boss = await newUser(accountId, 'account_admin');
    owner = await newUser(accountId, 'general', {
      jobs: { access: true },
      control: { access: true, incidentsAndLogs: true },
    });
  });

  const newCustomer = (name: string) => createCustomer(callerOf(admin), { name }, clock);
  const job = (extra: object = {}) => ({
    title: 'Gate check',
    dueAt: '2026-12-01T09:00:00Z',
    location: { text: 'Gate A' },
    ownerIds: [owner.id],
    ...extra,
  });

  it('creates a customer with the caller read and one TransactWriteItems (the customer and its reference counts)', async () => {
    counter.reset();
    await newCustomer('Acme');
    expect(counter.sent).toEqual(['Get', 'TransactWriteItems']);
  });

  it('reads customers and sites by id with one BatchGetItem each, leaving out ids of nothing or of another account', async () => {
    const acme = await newCustomer('Acme by id');
    const depot = await createSite(callerOf(admin), acme.id, { name: 'Depot' }, clock);
    const otherAccount = await newAccount('customers-other');
    const stranger = await createCustomer(callerOf(await newUser(otherAccount, 'admin')), { name: 'Theirs' }, clock);
    counter.reset();
    const customers = await findCustomers(accountId, [acme.id, stranger.id, 'nobody', acme.id]);
    const sites = await findSites(accountId, [depot.id, acme.id]);
    expect(counter.sent).toEqual(['BatchGet', 'BatchGet']);
    expect([...customers.keys()]).toEqual([acme.id]);
    expect(customers.get(acme.id)).toMatchObject({ name: 'Acme by id', archived: false });
    expect([...sites.keys()]).toEqual([depot.id]);
    expect(sites.get(depot.id)).toMatchObject({ customerId: acme.id, name: 'Depot' });
    counter.reset();
    expect((await findCustomers(accountId, [])).size).toBe(0);
    expect(counter.sent).toEqual([]);
  });

  it('creates a sub-site with the caller, customer and master read in parallel, then one TransactWriteItems', async () => {
    const acme = await newCustomer('Acme sites');
    const master = await createSite(callerOf(admin), acme.id, { name: 'Head office' }, clock);
    counter.reset();
    await createSite(callerOf(admin), acme.id, { name: 'Annex', parentSiteId: master.id }, clock);
    expect(counter.sent).toEqual(['Get', 'Get', 'Get', 'TransactWriteItems']);
  });

  it('lists customers by name prefix and archived state with the caller read and one Query that reads what it returns', async () => {
    const prefix = `Zed${Date.now()}`;
    await newCustomer(`${prefix} one`);
    const two = await newCustomer(`${prefix} two`);
    await archiveCustomer(callerOf(admin), two.id, true, clock);
    counter.reset();
    const current = await listCustomers(callerOf(owner), { q: prefix.toLowerCase(), archived: 'false' });
    expect(current.items.map((c) => c.name)).toEqual([`${prefix} one`]);
    expect(counter.sent).toEqual(['Get', 'Query']);
    expect(counter.queried).toEqual({ read: 1, returned: 1 });
    const all = await listCustomers(callerOf(owner), { q: prefix });
    expect(all.items.map((c) => c.name)).toEqual([`${prefix} one`, `${prefix} two`]);
  });

  it('checks a job’s site with one BatchGetItem beside the owners’, and a site alone sets the customer and the site tree', async () => {
    const acme = await newCustomer('Acme jobs');
    const master = await createSite(callerOf(admin), acme.id, { name: 'Campus' }, clock);
    const annex = await createSite(callerOf(admin), acme.id, { name: 'Annex', parentSiteId: master.id }, clock);
    counter.reset();
    const made = await createJob(callerOf(admin), job({ siteId: annex.id }), clock);
    expect(made).toMatchObject({ customerId: acme.id, siteId: annex.id, siteTreeId: master.id });
    // The caller; the owners and the site in parallel; the write (which checks the site's customer).
    expect(counter.sent[0]).toBe('Get');
    expect(counter.sent.slice(1, 3).sort()).toEqual(['BatchGet', 'BatchGet']);
    expect(counter.sent.slice(3)).toEqual(['TransactWriteItems']);
    counter.reset();
    const named = await createJob(callerOf(admin), job({ customerId: acme.id, siteId: master.id }), clock);
    expect(named).toMatchObject({ customerId: acme.id, siteId: master.id, siteTreeId: master.id });
    expect(counter.sent.sort()).toEqual(['BatchGet', 'BatchGet', 'Get', 'TransactWriteItems']);
    // A site alone whose customer is archived: the write's own transaction refuses it.
    await archiveCustomer(callerOf(admin), acme.id, true, clock);
    await expect(createJob(callerOf(admin), job({ siteId: master.id }), clock)).rejects.toMatchObject({
      status: 400,
      details: [{ path: 'body.customerId', code: 'archived_customer' }],
    });
  });

  it('pages a customer-filtered job list with one Query that reads only what it returns', async () => {
    const acme = await newCustomer('Acme list');
    const other = await newCustomer('Other list');
    for (let i = 0; i < 4; i++) await createJob(callerOf(admin), job({ customerId: acme.id }), clock);
    await createJob(callerOf(admin), job({ customerId: other.id }), clock);
    await createJob(callerOf(boss), job({ customerId: acme.id, privacyStatusId: 'restricted' }), clock);
    await createJob(callerOf(admin), job(), clock);
    counter.reset();
    const first = await listJobs(callerOf(owner), { customerId: acme.id, limit: 3 });
    expect(counter.sent).toEqual(['Get', 'Query']);
    expect(first.items).toHaveLength(3);
    const rest = await listJobs(callerOf(owner), { customerId: acme.id, limit: 3, cursor: first.cursor as string });
    // The owner sees only open jobs (the restricted one is not theirs to see).
    expect([...first.items, ...rest.items].every((j) => j.customerId === acme.id && !j.privacyStatusId)).toBe(true);
    expect(first.items.length + rest.items.length).toBe(4);
    expect(counter.queried.read).toBeLessThanOrEqual(counter.queried.returned * 1.25);
    // The Account Admin sees every class: the restricted one too, from the same partition.
    const all = await listJobs(callerOf(boss), { customerId: acme.id });
    expect(all.items).toHaveLength(5);
  });

  it('keeps the open class of a site tree in one partition a later reader can Query: the master’s and its sub-sites’ items', async () => {
    const acme = await newCustomer('Acme tree');
    const master = await createSite(callerOf(admin), acme.id, { name: 'Campus' }, clock);
    const annex = await createSite(callerOf(admin), acme.id, { name: 'Annex', parentSiteId: master.id }, clock);
    const elsewhere = await createSite(callerOf(admin), acme.id, { name: 'Elsewhere' }, clock);
    const atMaster = await createJob(callerOf(admin), job({ siteId: master.id }), clock);
    const atAnnex = await createJob(callerOf(admin), job({ siteId: annex.id }), clock);
    await createJob(callerOf(boss), job({ siteId: annex.id, privacyStatusId: 'restricted' }), clock);
    await createJob(callerOf(admin), job({ siteId: elsewhere.id }), clock);
    const log = await createLog(
      callerOf(owner),
      { title: 'Walked the annex', occurredAt: '2026-11-20T10:00:00Z', ownerIds: [owner.id], siteId: annex.id },
      clock,
    );
    expect(log).toMatchObject({ customerId: acme.id, siteTreeId: master.id });
    const tree = await queryPage(
      workItemList(
        'job',
        accountId,
        { filter: { siteTreeId: master.id }, visibility: { kind: 'open' } },
        { archived: false },
      ),
      jobSummarySchema,
      { limit: 10 },
    );
    expect(tree.items.map((j) => j.id).sort()).toEqual([atMaster.id, atAnnex.id].sort());
    const annexOnly = await listJobs(callerOf(boss), { siteId: annex.id, privacyStatusId: 'none' });
    expect(annexOnly.items.map((j) => j.id)).toEqual([atAnnex.id]);
  });

  it('moves a job’s rows when its customer changes, and refuses to delete a customer or site while anything names it', async () => {
    const acme = await newCustomer('Acme refs');
    const other = await newCustomer('Other refs');
    const depot = await createSite(callerOf(admin), acme.id, { name: 'Depot' }, clock);
    const made = await createJob(callerOf(admin), job({ siteId: depot.id }), clock);
    await expect(deleteSite(callerOf(admin), depot.id)).rejects.toMatchObject({
      status: 409,
      code: 'IN_USE',
      details: { items: 1, subSites: 0, externalUserIds: [] },
    });
    await expect(deleteCustomer(callerOf(admin), acme.id)).rejects.toMatchObject({
      code: 'IN_USE',
      details: { items: 1, sites: 1 },
    });
    // Moving the job to another customer (and off the site) drops both references in its own transaction.
    const moved = await updateJob(
      callerOf(admin),
      made.id,
      { version: made.version, customerId: other.id, siteId: null },
      clock,
    );
    expect(moved).toMatchObject({ customerId: other.id });
    expect(moved.siteId).toBeUndefined();
    expect(moved.siteTreeId).toBeUndefined();
    expect((await listJobs(callerOf(admin), { customerId: acme.id })).items).toEqual([]);
    expect((await listJobs(callerOf(admin), { customerId: other.id })).items.map((j) => j.id)).toEqual([made.id]);
    counter.reset();
    await deleteSite(callerOf(admin), depot.id);
    expect(counter.sent).toEqual(['Get', 'Get', 'Query', 'TransactWriteItems']);
    await deleteCustomer(callerOf(admin), acme.id);
    await expect(deleteCustomer(callerOf(admin), other.id)).rejects.toMatchObject({ code: 'IN_USE' });
    await deleteJob(callerOf(admin), made.id);
    await deleteCustomer(callerOf(admin), other.id);
    expect((await findCustomers(accountId, [acme.id, other.id])).size).toBe(0);
  });

  it('refuses to delete a customer a client access names, naming the external user', async () => {
    const acme = await newCustomer('Acme client');
    await transact(
      [
        {
          name: 'usage',
          write: putDerived({
            ...customerUsage(accountId, acme.id, 'ext-1'),
            entity: 'CustomerUsage',
            externalUserId: 'ext-1',
          }),
        },
      ],
      'exists',
    );
    await expect(deleteCustomer(callerOf(admin), acme.id)).rejects.toMatchObject({
      code: 'IN_USE',
      details: { externalUserIds: ['ext-1'] },
    });
  });

  it('refuses, as a bug, a change or delete of what a job names through a kind without the customer and site hooks', async () => {
    const acme = await newCustomer('Acme hooks');
    const made = await createJob(callerOf(admin), job({ customerId: acme.id }), clock);
    const change = { version: made.version, customerId: null };
    await expect(updateWorkItem(jobReads, callerOf(admin), made.id, change, () => undefined, clock)).rejects.toThrow(
      /no customer and site hooks/,
    );
    await expect(deleteWorkItem(jobReads, callerOf(admin), made.id)).rejects.toThrow(/no customer and site hooks/);
    expect((await jobReads.store.find(accountId, made.id))?.customerId).toBe(acme.id);
  });

  it('refuses, in the item’s own transaction, a customer archived after the checks read it', async () => {
    const acme = await newCustomer('Acme race');
    const made = await createJob(callerOf(admin), job(), clock);
    await archiveCustomer(callerOf(admin), acme.id, true, clock);
    // As a change writes it (`writeChange`) had it checked the customer just before it was archived.
    const next = { ...made, customerId: acme.id, version: made.version + 1 };
    const counts = customerSiteHooks.steps(accountId, made, next);
    await expect(
      replaceWorkItem(jobReads, accountId, made, next, counts, customerSiteHooks.refusal),
    ).rejects.toMatchObject({
      status: 400,
      details: [{ path: 'body.customerId', code: 'archived_customer' }],
    });
    expect((await jobReads.store.find(accountId, made.id))?.customerId).toBeUndefined();
  });
});
