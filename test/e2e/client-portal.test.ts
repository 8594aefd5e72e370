import { beforeAll, describe, expect, it } from 'vitest';
import { allPages, asClient, clientSignIn, staffSide } from '../support/client-portal';
import { api, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

/*
 * The client's read routes beyond the seeds' steps: who may call them (tokens, revoked, terms),
 * views not theirs, accesses kept apart, specific jobs, view filters, overlapping scopes, cursors,
 * ids guessed across customers, sites and accounts, and bad input.
 */

let t: Tenant;
let other: Tenant;
let staff: ReturnType<typeof staffSide>;
let restricted: string;

beforeAll(async () => {
  [t, other] = await Promise.all([newAccountWithAdmin('clientportal'), newAccountWithAdmin('clientportal-other')]);
  staff = staffSide(t);
  const { version } = (await api('/account', { token: t.token })).body;
  const settings = await send('PATCH', '/account', t.token, { version, privacyStatuses: [{ name: 'Restricted' }] });
  restricted = settings.body.privacyStatuses[0].id;
});

/** A client with one access: a role allowing `viewIds`, and `scope`. */
async function clientWith(label: string, viewIds: string[], scope: object) {
  const role = await staff.role(`${label} role`, viewIds);
  const ext = await staff.externalUser(label);
  const record = await staff.grant(ext.id, { roleIds: [role.id], ...scope });
  return { ext, role, record, idToken: await clientSignIn(t.account.id, ext.email) };
}

describe('who may call the client routes', () => {
  it('answers 401 to a staff token on a client route and to a client token on staff routes', async () => {
    const view = await staff.jobsView('Tokens view', ['title']);
    const customer = await staff.customer('Tokens Ltd');
    const { ext, idToken } = await clientWith('Tia', [view.id], { customerIds: [customer.id] });
    for (const path of ['/portal/me', `/portal/views/${view.id}/jobs`]) {
      expect((await api(path, { token: t.token })).status, path).toBe(401);
    }
    for (const path of ['/jobs', '/customers', `/external-users/${ext.id}/client-access`, '/external-views']) {
      expect((await api(path, { token: idToken })).status, path).toBe(401);
    }
    expect((await api('/portal/me')).status).toBe(401);
  });

  it('answers 403 TERMS_NOT_ACCEPTED with the terms until the client accepts them, then the view', async () => {
    const terms = await newAccountWithAdmin('clientterms');
    const s = staffSide(terms);
    expect((await send('POST', '/account/terms', terms.token, { text: 'Client terms' })).status).toBe(201);
    const view = await s.jobsView('Terms view', ['title']);
    const role = await s.role('Terms role', [view.id]);
    const customer = await s.customer('Terms Ltd');
    const ext = await s.externalUser('Ted');
    await s.grant(ext.id, { roleIds: [role.id], customerIds: [customer.id] });
    const idToken = await clientSignIn(terms.account.id, ext.email);

    const refused = await asClient(idToken, `/portal/views/${view.id}/jobs`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('TERMS_NOT_ACCEPTED');
    expect(refused.body.error.details.terms).toMatchObject({ version: 1, text: 'Client terms' });
    expect((await asClient(idToken, '/portal/me')).body.error.code).toBe('TERMS_NOT_ACCEPTED');
    const accepted = await api('/portal/terms/acceptance', {
      method: 'POST',
      token: idToken,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: 1 }),
    });
    expect(accepted.status).toBeLessThan(300);
    expect((await asClient(idToken, `/portal/views/${view.id}/jobs`)).status).toBe(200);
  });

  it('answers 403 ACCESS_REVOKED once the external user is disabled', async () => {
    const view = await staff.jobsView('Disabled view', ['title']);
    const customer = await staff.customer('Disabled Ltd');
    const { ext, idToken } = await clientWith('Dex', [view.id], { customerIds: [customer.id] });
    expect((await asClient(idToken, '/portal/me')).status).toBe(200);
    const version = (await api(`/external-users/${ext.id}`, { token: t.token })).body.version;
    expect((await send('POST', `/external-users/${ext.id}/disable`, t.token, { version })).status).toBe(200);
    const res = await asClient(idToken, `/portal/views/${view.id}/jobs`);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ACCESS_REVOKED');
  });
});

describe('views and accesses', () => {
  it("answers 404 for a view none of the client's roles allows, an unknown one and another account's, alike", async () => {
    const mine = await staff.jobsView('Mine', ['title']);
    const notMine = await staff.jobsView('Not mine', ['title']);
    const foreign = await staffSide(other).jobsView('Foreign', ['title']);
    const customer = await staff.customer('Views Ltd');
    const { idToken } = await clientWith('Vic', [mine.id], { customerIds: [customer.id] });
    const answers = await Promise.all(
      [notMine.id, foreign.id, 'no-such-view'].map((id) => asClient(idToken, `/portal/views/${id}/jobs`)),
    );
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual(answers[0]?.body);
    }
  });

  it("keeps two accesses apart: a view is read with the scopes of the accesses whose roles allow it, not another's", async () => {
    const [v1, v2] = [await staff.jobsView('First view', ['title']), await staff.jobsView('Second view', ['title'])];
    const [c1, c2] = [await staff.customer('First Co'), await staff.customer('Second Co')];
    const [r1, r2] = [await staff.role('First role', [v1.id]), await staff.role('Second role', [v2.id])];
    const ext = await staff.externalUser('Two');
    const first = await staff.grant(ext.id, { roleIds: [r1.id], customerIds: [c1.id] });
    await staff.grant(ext.id, { roleIds: [r2.id], customerIds: [c2.id] }, first.version);
    const j1 = await staff.job({ title: 'First job', customerId: c1.id });
    const j2 = await staff.job({ title: 'Second job', customerId: c2.id });
    const idToken = await clientSignIn(t.account.id, ext.email);
    expect((await allPages(idToken, `/portal/views/${v1.id}/jobs`)).map((j) => j.id)).toEqual([j1.id]);
    expect((await allPages(idToken, `/portal/views/${v2.id}/jobs`)).map((j) => j.id)).toEqual([j2.id]);
  });

  it("shows specific jobs, leaving out a confidential and an archived one, and never another account's id", async () => {
    const view = await staff.jobsView('Specific', ['title']);
    const shown = await staff.job({ title: 'Specific shown' });
    const secret = await staff.job({ title: 'Specific secret', privacyStatusId: restricted });
    const old = await staff.job({ title: 'Specific archived' });
    expect((await send('POST', `/jobs/${old.id}/archive`, t.token, { version: old.version })).status).toBe(200);
    const { idToken } = await clientWith('Spe', [view.id], { jobIds: [shown.id, secret.id, old.id] });
    expect((await allPages(idToken, `/portal/views/${view.id}/jobs`)).map((j) => j.title)).toEqual(['Specific shown']);
  });

  it("applies the view's filters: one status, several statuses, categories and due dates", async () => {
    const customer = await staff.customer('Filters Co');
    const category = (await send('POST', '/job-categories', t.token, { name: 'Installs' })).body;
    // Due dates in May of next year: in the future whatever day the tests run, and the view's
    // month range still holds two of them.
    const year = new Date().getUTCFullYear() + 1;
    const open = await staff.job({ title: 'F open', customerId: customer.id, dueAt: `${year}-05-01T09:00:00Z` });
    const started = await staff.job({
      title: 'F started',
      customerId: customer.id,
      status: 'in_progress',
      categoryId: category.id,
      dueAt: `${year}-05-02T09:00:00Z`,
    });
    const done = await staff.job({
      title: 'F done',
      customerId: customer.id,
      status: 'completed',
      dueAt: `${year}-06-01T09:00:00Z`,
    });
    const views = {
      one: await staff.jobsView('One status', ['title'], { statuses: ['open'] }),
      two: await staff.jobsView('Two statuses', ['title'], { statuses: ['open', 'completed'] }),
      category: await staff.jobsView('Category', ['title'], { categoryIds: [category.id] }),
      may: await staff.jobsView('May', ['title'], {
        dueFrom: `${year}-05-01T00:00:00Z`,
        dueTo: `${year}-05-31T23:59:59Z`,
      }),
    };
    const { idToken } = await clientWith(
      'Fil',
      Object.values(views).map((v) => v.id),
      { customerIds: [customer.id] },
    );
    const ids = async (viewId: string) =>
      (await allPages(idToken, `/portal/views/${viewId}/jobs`)).map((j) => j.id).sort();
    expect(await ids(views.one.id)).toEqual([open.id]);
    expect(await ids(views.two.id)).toEqual([open.id, done.id].sort());
    expect(await ids(views.category.id)).toEqual([started.id]);
    expect(await ids(views.may.id)).toEqual([open.id, started.id].sort());
  });

  it('shows a job once when two scopes hold it (its customer and its site)', async () => {
    const customer = await staff.customer('Overlap Co');
    const site = await staff.site(customer.id, 'Overlap site');
    const view = await staff.jobsView('Overlap', ['title']);
    const job = await staff.job({ title: 'Overlap job', siteId: site.id });
    const { idToken } = await clientWith('Ove', [view.id], {
      customerIds: [customer.id],
      site: { siteId: site.id },
    });
    expect((await allPages(idToken, `/portal/views/${view.id}/jobs`, 1)).map((j) => j.id)).toEqual([job.id]);
  });

  it("refuses another view's cursor and a forged one with 400 INVALID_CURSOR", async () => {
    const customer = await staff.customer('Cursor Co');
    const [a, b] = [await staff.jobsView('Cursor A', ['title']), await staff.jobsView('Cursor B', ['title'])];
    for (let i = 0; i < 3; i++) await staff.job({ title: `Cursor ${i}`, customerId: customer.id });
    const { idToken } = await clientWith('Cur', [a.id, b.id], { customerIds: [customer.id] });
    const first = await asClient(idToken, `/portal/views/${a.id}/jobs?limit=1`);
    expect(first.body.cursor).toBeTruthy();
    const forged = Buffer.from(JSON.stringify({ step: 7 })).toString('base64url');
    for (const cursor of [forged, 'not-json']) {
      const res = await asClient(idToken, `/portal/views/${a.id}/jobs?cursor=${cursor}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_CURSOR');
    }
    const foreignSite = Buffer.from(JSON.stringify({ job: 'eyJwayI6IngifQ' })).toString('base64url');
    expect((await asClient(idToken, `/portal/sites/x/activity?cursor=${foreignSite}`)).status).toBe(404);
  });
});

describe('sites guessed across customers and accounts', () => {
  it("answers 404 for a site not granted, another customer's and another account's, and for a blocked sub-site", async () => {
    const customer = await staff.customer('Guess Co');
    const master = await staff.site(customer.id, 'Guess HQ');
    const blocked = await staff.site(customer.id, 'Guess blocked', master.id);
    const otherCustomer = await staff.customer('Guess Other');
    const otherSite = await staff.site(otherCustomer.id, 'Other HQ');
    const foreignCustomer = await staffSide(other).customer('Foreign Co');
    const foreignSite = await staffSide(other).site(foreignCustomer.id, 'Foreign HQ');
    const view = await staff.jobsView('Guess view', ['title']);
    const { idToken } = await clientWith('Gue', [view.id], {
      site: { siteId: master.id, subSites: { [blocked.id]: false }, futureSubSites: true },
    });
    await staff.job({ title: 'Blocked job', siteId: blocked.id });
    await staff.job({ title: 'Other customer job', siteId: otherSite.id });
    const later = await staff.site(customer.id, 'Guess later', master.id);
    const laterJob = await staff.job({ title: 'Later sub-site job', siteId: later.id });

    for (const id of [blocked.id, otherSite.id, foreignSite.id, 'no-such-site']) {
      const res = await asClient(idToken, `/portal/sites/${id}/activity`);
      expect(res.status, id).toBe(404);
      expect(res.body.error.code).toBe('SITE_NOT_FOUND');
    }
    // A sub-site added later is granted (futureSubSites), the blocked one never shown.
    expect((await allPages(idToken, `/portal/sites/${later.id}/activity`)).map((i) => i.id)).toEqual([laterJob.id]);
    expect((await allPages(idToken, `/portal/views/${view.id}/jobs`)).map((j) => j.title)).toEqual([
      'Later sub-site job',
    ]);
  });
});

describe('bad input', () => {
  it('answers 400 naming the field', async () => {
    const view = await staff.calendarView('Bad input calendar');
    const customer = await staff.customer('Bad Co');
    const { idToken } = await clientWith('Bad', [view.id], { customerIds: [customer.id] });
    const cases: [string, string][] = [
      [`/portal/views/${view.id}/calendar?from=2027-01-01T00:00:00Z`, 'query.to'],
      [`/portal/views/${view.id}/calendar?from=yesterday&to=2027-01-01T00:00:00Z`, 'query.from'],
      [`/portal/views/${view.id}/calendar?from=2027-01-02T00:00:00Z&to=2027-01-01T00:00:00Z`, 'query.to'],
      [`/portal/views/${view.id}/jobs?limit=0`, 'query.limit'],
      [`/portal/views/${view.id}/jobs?colour=red`, 'query'],
      ['/portal/views/not%20an%20id/jobs', 'params.viewId'],
      ['/portal/sites/not%20an%20id/activity', 'params.siteId'],
    ];
    for (const [path, field] of cases) {
      const res = await asClient(idToken, path);
      expect(res.status, path).toBe(400);
      expect(JSON.stringify(res.body.error.details), path).toContain(field);
    }
  });
});
