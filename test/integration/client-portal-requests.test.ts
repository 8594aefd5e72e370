import { beforeAll, describe, expect, it } from 'vitest';
import { addClientAccess } from '../../functions/clients/client-access-service';
import { readSiteActivity, readSiteDashboard, readViewJobs } from '../../functions/clients/client-portal-service';
import { createExternalRole } from '../../functions/clients/external-role-service';
import { createExternalView } from '../../functions/clients/external-view-service';
import { createCustomer } from '../../functions/customers/customer-service';
import { createSite } from '../../functions/customers/site-service';
import { createExternalUser } from '../../functions/external-users/external-user-service';
import { createJob } from '../../functions/item-writes/create-job';
import { dynamo } from '../../functions/shared/data/table';
import type { PortalCaller } from '../../functions/shared/http';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { callerOf, clock, newAccount, newUser, now } from '../support/data-fixtures';
import { countRequests } from '../support/request-counter';

/*
 * Issue 18's scale rule: a client's page is one Query of a partition that holds exactly what the
 * scope selects, so a customer with many jobs (among many other customers' and confidential ones)
 * or a master site with 200 sub-sites pages reading only what the page returns.
 */

const counter = countRequests(dynamo);
const pageSize = 10;

describe('client page requests against DynamoDB Local', () => {
  let accountId: string;
  let admin: StaffUser;
  let client: PortalCaller;
  let jobsViewId: string;
  let masterId: string;

  beforeAll(async () => {
    accountId = await newAccount('client-requests', { privacyStatusIds: ['restricted'] });
    admin = await newUser(accountId, 'account_admin');
    const caller = callerOf(admin);
    const ours = await createCustomer(caller, { name: 'Ours Ltd' }, clock);
    const theirs = await createCustomer(caller, { name: 'Theirs Ltd' }, clock);
    const master = await createSite(caller, ours.id, { name: 'Arena' }, clock);
    masterId = master.id;
    const subSites = [];
    for (let i = 0; i < 200; i++) {
      subSites.push(await createSite(caller, ours.id, { name: `Gate ${i}`, parentSiteId: master.id }, clock));
    }
    const job = (title: string, customerId: string, extra: object = {}) =>
      createJob(
        caller,
        {
          title,
          dueAt: '2026-12-20T09:00:00Z',
          location: { text: 'Arena' },
          ownerIds: [admin.id],
          customerId,
          ...extra,
        },
        clock,
      );
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i++) {
      // Our customer's open jobs, spread over the sub-sites; confidential ones and another customer's beside them.
      writes.push(job(`Ours ${i}`, ours.id, { siteId: subSites[(i * 7) % 200]?.id }));
      writes.push(job(`Ours confidential ${i}`, ours.id, { siteId: subSites[i]?.id, privacyStatusId: 'restricted' }));
      writes.push(job(`Theirs ${i}`, theirs.id));
    }
    // Due past the dashboard's window (30 days ahead): in no Query of the dashboard's.
    writes.push(job('Later ours', ours.id, { siteId: subSites[3]?.id, dueAt: '2027-06-01T09:00:00Z' }));
    await Promise.all(writes);

    const view = await createExternalView(
      caller,
      { name: 'All jobs', kind: 'jobs', columns: ['title'], filters: {} },
      clock,
    );
    jobsViewId = view.id;
    const role = await createExternalRole(caller, { name: 'Clients', viewIds: [view.id] }, clock);
    const person = await createExternalUser(
      caller,
      { givenName: 'Casey', familyName: 'Client', email: `casey-${accountId}@example.com` },
      clock,
    );
    await addClientAccess(
      caller,
      person.id,
      { roleIds: [role.id], customerIds: [ours.id], site: { siteId: master.id, futureSubSites: true } },
      clock,
    );
    client = { accountId, externalUserId: person.id, verifiedAt: new Date(now) };
  }, 120_000);

  it("pages a customer's jobs with one Query per page that reads exactly what it returns, never a confidential or another customer's job", async () => {
    const titles: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      counter.reset();
      const page = await readViewJobs(client, jobsViewId, { limit: pageSize, ...(cursor ? { cursor } : {}) }, clock);
      pages++;
      titles.push(...page.items.map((item) => String(item.title)));
      cursor = page.cursor;
      expect(counter.sent.filter((name) => name === 'Query').length).toBeLessThanOrEqual(1);
      expect(counter.sent).not.toContain('Scan');
      expect(counter.queried.read).toBe(counter.queried.returned);
    } while (cursor && pages < 20);
    // The customer scope shows its 30 open jobs; the site scope (the same jobs) adds none twice.
    expect(titles.filter((title) => title.startsWith('Ours ')).sort()).toHaveLength(30);
    expect(new Set(titles).size).toBe(titles.length);
    expect(titles.some((title) => title.includes('confidential') || title.startsWith('Theirs'))).toBe(false);
  });

  it('pages a master site with 200 sub-sites with Queries of its tree that read only what they return', async () => {
    counter.reset();
    const page = await readSiteActivity(client, masterId, { limit: pageSize }, clock);
    expect(page.items).toHaveLength(pageSize);
    // One round: a Query per item type (jobs, incidents, logs), each of at most a page.
    expect(counter.sent.filter((name) => name === 'Query')).toHaveLength(3);
    expect(counter.queried.read).toBe(counter.queried.returned);
    expect(counter.queried.read).toBeLessThanOrEqual(3 * pageSize);
    expect(page.items.every((item) => !String(item.title).includes('confidential'))).toBe(true);
  });

  it("counts a master site's dashboard with one round of three Queries of its window that read only what they count", async () => {
    counter.reset();
    const dashboard = await readSiteDashboard(client, masterId, { tz: 'Europe/London' }, clock);
    expect(counter.sent.filter((name) => name === 'Query')).toHaveLength(3);
    expect(counter.sent.filter((name) => name === 'BatchGet')).toHaveLength(1);
    expect(counter.sent).toHaveLength(4);
    // The 30 open jobs due in the next 30 days; not the confidential ones, another customer's or the later one.
    expect(dashboard.counts.job).toEqual({ total: 30, byStatus: { open: 30 } });
    expect(counter.queried.read).toBe(30);
    expect(counter.queried.returned).toBe(30);
    expect(dashboard.perDay).toHaveLength(30);
    expect(dashboard.truncated).toBe(false);
  });
});
