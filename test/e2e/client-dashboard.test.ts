import { beforeAll, describe, expect, it } from 'vitest';
import { asClient, clientSignIn, staffSide } from '../support/client-portal';
import { api, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

/*
 * GET /portal/sites/{siteId}/dashboard (issue 20, seed 002's client version of the Live
 * Dashboard): counts by status and per day of a granted site and its granted sub-sites, never a
 * confidential, archived or blocked sub-site's item, nothing of a site outside the grants.
 */

let t: Tenant;
let other: Tenant;
let staff: ReturnType<typeof staffSide>;
let site: { master: { id: string }; north: { id: string }; south: { id: string } };
let client: {
  ext: { id: string; email: string };
  idToken: string;
  record: { version: number; accesses: { id: string }[] };
};
let access: { roleIds: string[]; site: object };
const dayMs = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * dayMs).toISOString();
const dashboard = (siteId: string, query = '') => asClient(client.idToken, `/portal/sites/${siteId}/dashboard${query}`);

beforeAll(async () => {
  [t, other] = await Promise.all([newAccountWithAdmin('clientdash'), newAccountWithAdmin('clientdash-other')]);
  staff = staffSide(t);
  const { version } = (await api('/account', { token: t.token })).body;
  const settings = await send('PATCH', '/account', t.token, { version, privacyStatuses: [{ name: 'Restricted' }] });
  const restricted = settings.body.privacyStatuses[0].id;
  const customer = await staff.customer('Dash Ltd');
  const master = await staff.site(customer.id, 'Dash Park');
  const north = await staff.site(customer.id, 'North', master.id);
  const south = await staff.site(customer.id, 'South', master.id);
  site = { master, north, south };
  const view = await staff.calendarView('Dash calendar');
  const role = await staff.role('Dash role', [view.id]);
  const ext = await staff.externalUser('dash');
  access = { roleIds: [role.id], site: { siteId: master.id, subSites: { [north.id]: true, [south.id]: false } } };
  const record = await staff.grant(ext.id, access);

  const on = { customerId: customer.id };
  // Shown: the master's and the granted North's.
  await staff.job({ title: 'Done last week', dueAt: ago(7), status: 'completed', siteId: master.id, ...on });
  await staff.job({ title: 'Open yesterday', dueAt: ago(1), siteId: north.id, ...on });
  await staff.job({ title: 'Due next week', dueAt: ago(-7), siteId: north.id, ...on });
  await staff.incident({ title: 'Slip', raisedAt: ago(2), siteId: north.id, ...on });
  await staff.incident({ title: 'Fall', raisedAt: ago(2), status: 'closed', siteId: master.id, ...on });
  await staff.log({ title: 'Round', occurredAt: ago(3), siteId: master.id, ...on });
  // Not shown: the blocked South's, a confidential one, an archived one, and what is outside the window.
  await staff.job({ title: 'South job', dueAt: ago(1), siteId: south.id, ...on });
  await staff.incident({ title: 'South incident', raisedAt: ago(1), siteId: south.id, ...on });
  await staff.incident({
    title: 'Secret',
    raisedAt: ago(1),
    siteId: north.id,
    privacyStatusId: restricted,
    ...on,
  });
  const old = await staff.job({ title: 'Archived', dueAt: ago(1), siteId: master.id, ...on });
  expect((await send('POST', `/jobs/${old.id}/archive`, t.token, { version: old.version })).status).toBe(200);
  await staff.log({ title: 'Long ago', occurredAt: ago(45), siteId: master.id, ...on });
  await staff.job({ title: 'Far ahead', dueAt: ago(-45), siteId: master.id, ...on });

  client = { ext, record, idToken: await clientSignIn(t.account.id, ext.email) };
});

describe('the site dashboard', () => {
  it("counts by status the master's and the granted sub-site's items of the last 30 days and jobs of the next 30, nothing confidential, archived, blocked or outside the window", async () => {
    const res = await dashboard(site.master.id);
    expect(res.status).toBe(200);
    expect(res.body.site).toEqual({ id: site.master.id, name: 'Dash Park' });
    expect(res.body.timeZone).toBe('UTC');
    expect(res.body.counts).toEqual({
      job: { total: 3, byStatus: { completed: 1, open: 2 } },
      incident: { total: 2, byStatus: { open: 1, closed: 1 } },
      log: { total: 1, byStatus: {} },
    });
    expect(res.body.truncated).toBe(false);
  });

  it('gives the last 30 days oldest first, each with what happened that day (a job on its due date)', async () => {
    const res = await dashboard(site.master.id);
    const days = res.body.perDay as { date: string; job: number; incident: number; log: number }[];
    expect(days).toHaveLength(30);
    expect(days.at(-1)?.date).toBe(new Date().toISOString().slice(0, 10));
    const on = (daysAgo: number) => days.find((d) => d.date === ago(daysAgo).slice(0, 10));
    expect(on(7)).toMatchObject({ job: 1, incident: 0, log: 0 });
    expect(on(2)).toMatchObject({ job: 0, incident: 2, log: 0 });
    expect(on(3)).toMatchObject({ job: 0, incident: 0, log: 1 });
    expect(days.reduce((sum, d) => sum + d.job + d.incident + d.log, 0)).toBe(5);
  });

  it('counts the days in the time zone asked for', async () => {
    const res = await dashboard(site.master.id, '?tz=Pacific%2FKiritimati');
    expect(res.status).toBe(200);
    expect(res.body.timeZone).toBe('Pacific/Kiritimati');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(new Date());
    expect(res.body.perDay.at(-1).date).toBe(today);
  });

  it("shows a granted sub-site's own dashboard, and only its items", async () => {
    const res = await dashboard(site.north.id);
    expect(res.status).toBe(200);
    expect(res.body.counts.job.total).toBe(2);
    expect(res.body.counts.incident).toEqual({ total: 1, byStatus: { open: 1 } });
    expect(res.body.counts.log.total).toBe(0);
  });

  it("answers the same 404 SITE_NOT_FOUND for a blocked sub-site, an unknown id and another account's site", async () => {
    const theirCustomer = (await send('POST', '/customers', other.token, { name: 'Other Ltd' })).body;
    const theirs = (await send('POST', `/customers/${theirCustomer.id}/sites`, other.token, { name: 'Theirs' })).body;
    for (const id of [site.south.id, 'no-such-site', theirs.id]) {
      const res = await dashboard(id);
      expect(res.status, id).toBe(404);
      expect(res.body.error.code).toBe('SITE_NOT_FOUND');
    }
  });

  it('answers 400 naming query.tz for a time zone that is not one, and naming an unknown query field', async () => {
    const tz = await dashboard(site.master.id, '?tz=Mars%2FOlympus');
    expect(tz.status).toBe(400);
    expect(JSON.stringify(tz.body.error.details)).toContain('query.tz');
    const extra = await dashboard(site.master.id, '?customerId=x');
    expect(extra.status).toBe(400);
    expect(JSON.stringify(extra.body.error.details)).toContain('customerId');
  });

  it('answers 401 to a staff token and to no token', async () => {
    expect((await api(`/portal/sites/${site.master.id}/dashboard`, { token: t.token })).status).toBe(401);
    expect((await api(`/portal/sites/${site.master.id}/dashboard`)).status).toBe(401);
  });

  it('answers 403 ACCESS_REVOKED on the next request once the access is revoked', async () => {
    const [first] = client.record.accesses;
    const revoked = await staff.changeAccess(
      client.ext.id,
      first?.id ?? '',
      { ...access, status: 'revoked' },
      client.record.version,
    );
    expect(revoked.version).toBeGreaterThan(client.record.version);
    const res = await dashboard(site.master.id);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ACCESS_REVOKED');
  });
});
