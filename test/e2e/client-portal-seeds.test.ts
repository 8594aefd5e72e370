import { beforeAll, describe, expect, it } from 'vitest';
import { allPages, asClient, clientSignIn, staffSide } from '../support/client-portal';
import { api, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

/*
 * Seeds 001 and 002 step by step, as staff and a client would do them through the local stack:
 * views, a role, a client with a customer scope, a job created afterwards appearing in the
 * client's view with nothing changed on the client; a master site granted with two of its three
 * sub-sites; a revoke that ends the access on the next request.
 */

let t: Tenant;
let staff: ReturnType<typeof staffSide>;
let restricted: string;

beforeAll(async () => {
  t = await newAccountWithAdmin('clientseeds');
  staff = staffSide(t);
  const { version } = (await api('/account', { token: t.token })).body;
  const settings = await send('PATCH', '/account', t.token, { version, privacyStatuses: [{ name: 'Restricted' }] });
  restricted = settings.body.privacyStatuses[0].id;
});

describe('seed 001: external users for dealers, builders and sales offices', () => {
  let jobsView: { id: string };
  let calendarView: { id: string };
  let dealer: { id: string };
  let otherCustomer: { id: string };
  let client: { id: string; email: string };
  let idToken: string;

  it('step 1–3: creates views, a role, and a client with a customer scope, who signs in with their address', async () => {
    jobsView = await staff.jobsView('Dealer jobs', ['title', 'status', 'dueAt', 'customer']);
    calendarView = await staff.calendarView('Dealer calendar');
    const role = await staff.role('Dealers', [jobsView.id, calendarView.id]);
    dealer = await staff.customer('Acme Dealer');
    otherCustomer = await staff.customer('Other Builder');
    client = await staff.externalUser('Dana');
    await staff.grant(client.id, { roleIds: [role.id], customerIds: [dealer.id] });
    idToken = await clientSignIn(t.account.id, client.email);

    const me = await asClient(idToken, '/portal/me');
    expect(me.status).toBe(200);
    expect(me.body.externalUser).toMatchObject({ id: client.id, email: client.email });
    expect(me.body.roles).toEqual([{ id: role.id, name: 'Dealers' }]);
    expect(me.body.views.map((v: { id: string }) => v.id).sort()).toEqual([jobsView.id, calendarView.id].sort());
    expect(me.body.accesses[0].customers).toEqual([{ id: dealer.id, name: 'Acme Dealer' }]);
  });

  it("step 4: a job created for the customer afterwards appears in the client's view, nothing done on the client", async () => {
    expect(await allPages(idToken, `/portal/views/${jobsView.id}/jobs`)).toEqual([]);
    const job = await staff.job({ title: 'Kitchen fit-out', customerId: dealer.id, dueAt: '2027-03-10T09:00:00Z' });
    // Not theirs: another customer's, a confidential one, an archived one.
    await staff.job({ title: 'Other customer job', customerId: otherCustomer.id });
    await staff.job({ title: 'Restricted job', customerId: dealer.id, privacyStatusId: restricted });
    const archived = await staff.job({ title: 'Old job', customerId: dealer.id });
    expect((await send('POST', `/jobs/${archived.id}/archive`, t.token, { version: archived.version })).status).toBe(
      200,
    );

    const seen = await allPages(idToken, `/portal/views/${jobsView.id}/jobs`);
    expect(seen).toEqual([
      {
        id: job.id,
        title: 'Kitchen fit-out',
        status: 'open',
        dueAt: '2027-03-10T09:00:00.000Z',
        customer: { id: dealer.id, name: 'Acme Dealer' },
      },
    ]);
  });

  it('step 4 (calendar): the calendar view shows the job due dates in the range, at most 62 days', async () => {
    const inRange = await asClient(
      idToken,
      `/portal/views/${calendarView.id}/calendar?from=2027-03-01T00:00:00Z&to=2027-03-31T23:59:59Z`,
    );
    expect(inRange.status).toBe(200);
    expect(inRange.body.items.map((i: { title: string }) => i.title)).toEqual(['Kitchen fit-out']);
    const outside = await asClient(
      idToken,
      `/portal/views/${calendarView.id}/calendar?from=2027-04-01T00:00:00Z&to=2027-04-30T00:00:00Z`,
    );
    expect(outside.body.items).toEqual([]);
    const tooLong = await asClient(
      idToken,
      `/portal/views/${calendarView.id}/calendar?from=2027-03-01T00:00:00Z&to=2027-05-03T00:00:00Z`,
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0].path).toBe('query.to');
    // A jobs view is not a calendar, nor the other way round.
    expect(
      (
        await asClient(
          idToken,
          `/portal/views/${jobsView.id}/calendar?from=2027-03-01T00:00:00Z&to=2027-03-02T00:00:00Z`,
        )
      ).status,
    ).toBe(404);
    expect((await asClient(idToken, `/portal/views/${calendarView.id}/jobs`)).status).toBe(404);
  });

  it('step 5: revoking the access ends it on the next request, on every route', async () => {
    const record = await api(`/external-users/${client.id}/client-access`, { token: t.token });
    const access = record.body.accesses[0];
    await staff.changeAccess(
      client.id,
      access.id,
      { status: 'revoked', roleIds: access.roleIds, customerIds: access.customerIds },
      record.body.version,
    );
    for (const path of ['/portal/me', `/portal/views/${jobsView.id}/jobs`]) {
      const res = await asClient(idToken, path);
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe('ACCESS_REVOKED');
    }
  });
});

describe('seed 002: client portal access to a master site and chosen sub-sites', () => {
  it('grants a master site with two of its three sub-sites: the activity and the views show only those', async () => {
    const customer = await staff.customer('Harbour Estates');
    const master = await staff.site(customer.id, 'Harbour HQ');
    const [north, south, east] = await Promise.all(
      ['North wing', 'South wing', 'East wing'].map((name) => staff.site(customer.id, name, master.id)),
    );
    if (!north || !south || !east) throw new Error('no sub-sites');
    const view = await staff.jobsView('Site jobs', ['title', 'site']);
    const role = await staff.role('Site clients', [view.id]);
    const client = await staff.externalUser('Sam');
    await staff.grant(client.id, {
      roleIds: [role.id],
      site: { siteId: master.id, subSites: { [north.id]: true, [south.id]: true, [east.id]: false } },
    });

    const onSite = async (siteId: string, label: string, day: number) => {
      const at = (hour: number) => `2027-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
      const job = await staff.job({ title: `Job ${label}`, siteId, dueAt: at(9) });
      const incident = await staff.incident({ title: `Incident ${label}`, siteId, raisedAt: at(10) });
      const log = await staff.log({ title: `Log ${label}`, siteId, occurredAt: at(11) });
      return [job.id, incident.id, log.id];
    };
    const seenIds = [
      ...(await onSite(master.id, 'HQ', 1)),
      ...(await onSite(north.id, 'North', 2)),
      ...(await onSite(south.id, 'South', 3)),
    ];
    const blockedIds = await onSite(east.id, 'East', 4);
    await staff.job({ title: 'Restricted HQ job', siteId: master.id, privacyStatusId: restricted });

    const idToken = await clientSignIn(t.account.id, client.email);
    const activity = await allPages(idToken, `/portal/sites/${master.id}/activity`, 2);
    expect(activity.map((i) => i.id).sort()).toEqual([...seenIds].sort());
    // Newest first across jobs, incidents and logs.
    expect(activity.map((i) => i.title)).toEqual([
      'Log South',
      'Incident South',
      'Job South',
      'Log North',
      'Incident North',
      'Job North',
      'Log HQ',
      'Incident HQ',
      'Job HQ',
    ]);
    for (const id of blockedIds) expect(activity.map((i) => i.id)).not.toContain(id);

    const northOnly = await allPages(idToken, `/portal/sites/${north.id}/activity`);
    expect(northOnly.map((i) => i.title).sort()).toEqual(['Incident North', 'Job North', 'Log North']);
    expect((await asClient(idToken, `/portal/sites/${east.id}/activity`)).status).toBe(404);

    const jobs = await allPages(idToken, `/portal/views/${view.id}/jobs`);
    expect(jobs.map((j) => j.title).sort()).toEqual(['Job HQ', 'Job North', 'Job South']);
    expect(jobs.find((j) => j.title === 'Job North')?.site).toEqual({ id: north.id, name: 'North wing' });
  });
});
