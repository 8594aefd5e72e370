import { beforeAll, describe, expect, it } from 'vitest';
import { api, listIds, type Member, member, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

type Entry = { action: string; actor: { id?: string }; subject?: { type: string; id: string }; details: never };

describe('customers and sites', () => {
  let t: Tenant;
  let admin: Member;
  let general: Member;
  beforeAll(async () => {
    t = await newAccountWithAdmin('customers');
    admin = await member(t, 'admin', 'custadmin');
    general = await member(t, 'general', 'custgeneral', {
      jobs: { access: true },
      control: { access: true, incidentsAndLogs: true },
    });
  });

  const newCustomer = async (body: object, token = admin.token) => {
    const res = await send('POST', '/customers', token, body);
    if (res.status !== 201) throw new Error(`customer: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const newSite = async (customerId: string, body: object) => {
    const res = await send('POST', `/customers/${customerId}/sites`, admin.token, body);
    if (res.status !== 201) throw new Error(`site: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const job = (extra: object = {}) => ({
    title: 'Gate check',
    dueAt: '2026-12-01T09:00:00Z',
    location: { text: 'Gate A' },
    ownerIds: [general.user.id],
    ...extra,
  });

  describe('managing them', () => {
    it('lets an admin create a customer with contacts that every staff user reads and finds by name', async () => {
      const made = await newCustomer({
        name: 'Northwind Dealers',
        reference: 'NW-1',
        contacts: [{ name: 'Dana Doe', email: 'dana@example.com', phone: '+44 20 1234', role: 'Buyer' }],
      });
      expect(made).toMatchObject({ name: 'Northwind Dealers', reference: 'NW-1', archived: false, version: 1 });
      const read = await api(`/customers/${made.id}`, { token: general.token });
      expect(read.body).toMatchObject({ contacts: [{ name: 'Dana Doe', role: 'Buyer' }], createdBy: admin.user.id });
      const found = await api('/customers?q=northwind', { token: general.token });
      expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([made.id]);
    });

    it('refuses a General user managing customers and sites with 403, while they may read them', async () => {
      const made = await newCustomer({ name: 'Readable' });
      const res = await send('POST', '/customers', general.token, { name: 'Mine' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('SETTINGS_DENIED');
      expect((await send('PATCH', `/customers/${made.id}`, general.token, { version: 1, name: 'X' })).status).toBe(403);
      expect((await send('POST', `/customers/${made.id}/archive`, general.token)).status).toBe(403);
      expect((await send('DELETE', `/customers/${made.id}`, general.token)).status).toBe(403);
      expect((await send('POST', `/customers/${made.id}/sites`, general.token, { name: 'S' })).status).toBe(403);
      expect((await api(`/customers/${made.id}/sites`, { token: general.token })).status).toBe(200);
    });

    it('changes a customer with optimistic concurrency, removing the reference with null', async () => {
      const made = await newCustomer({ name: 'Versioned', reference: 'V-1' });
      const changed = await send('PATCH', `/customers/${made.id}`, admin.token, {
        version: 1,
        name: 'Versioned Ltd',
        reference: null,
        contacts: [{ name: 'Sam' }],
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ name: 'Versioned Ltd', contacts: [{ name: 'Sam' }], version: 2 });
      expect(changed.body.reference).toBeUndefined();
      const stale = await send('PATCH', `/customers/${made.id}`, admin.token, { version: 1, name: 'Late' });
      expect(stale.status).toBe(409);
      expect(stale.body.error.details.current).toMatchObject({ name: 'Versioned Ltd', version: 2 });
    });

    it('answers 400 naming the field for bad customer and site bodies', async () => {
      const empty = await send('POST', '/customers', admin.token, { name: '' });
      expect(empty.status).toBe(400);
      expect(empty.body.error.details[0].path).toBe('body.name');
      const contacts = Array.from({ length: 21 }, (_, i) => ({ name: `C${i}` }));
      const many = await send('POST', '/customers', admin.token, { name: 'Many', contacts });
      expect(many.body.error.details[0].path).toBe('body.contacts');
      const badEmail = await send('POST', '/customers', admin.token, {
        name: 'E',
        contacts: [{ name: 'A', email: 'no' }],
      });
      expect(badEmail.body.error.details[0].path).toBe('body.contacts.0.email');
      const made = await newCustomer({ name: 'Fields' });
      const site = await newSite(made.id, { name: 'Yard' });
      const moved = await send('PATCH', `/sites/${site.id}`, admin.token, { version: 1, customerId: 'other' });
      expect(moved.status).toBe(400);
      expect(JSON.stringify(moved.body.error.details)).toContain('customerId');
      const nothing = await send('PATCH', `/customers/${made.id}`, admin.token, { version: 1 });
      expect(nothing.status).toBe(400);
    });

    it('makes master sites and one level of sub-sites under the same customer, and lists both ways', async () => {
      const acme = await newCustomer({ name: 'Acme Builders' });
      const other = await newCustomer({ name: 'Other Builders' });
      const campus = await newSite(acme.id, { name: 'Campus', address: '1 High St' });
      const annex = await newSite(acme.id, { name: 'Annex', parentSiteId: campus.id });
      const lab = await newSite(acme.id, { name: 'Lab', parentSiteId: campus.id });
      expect(annex).toMatchObject({ customerId: acme.id, parentSiteId: campus.id });
      const deeper = await send('POST', `/customers/${acme.id}/sites`, admin.token, {
        name: 'X',
        parentSiteId: annex.id,
      });
      expect(deeper.status).toBe(400);
      expect(deeper.body.error.details[0]).toMatchObject({ path: 'body.parentSiteId', code: 'not_a_master_site' });
      const across = await send('POST', `/customers/${other.id}/sites`, admin.token, {
        name: 'X',
        parentSiteId: campus.id,
      });
      expect(across.body.error.details[0]).toMatchObject({ path: 'body.parentSiteId', code: 'unknown_site' });
      expect(await listIds(`/customers/${acme.id}/sites`, general.token)).toEqual([annex.id, campus.id, lab.id]);
      expect(await listIds(`/sites/${campus.id}/sub-sites`, general.token)).toEqual([annex.id, lab.id]);
      expect(await listIds(`/sites/${annex.id}/sub-sites`, general.token)).toEqual([]);
      expect((await api(`/sites/${annex.id}`, { token: general.token })).body.name).toBe('Annex');
    });

    it('archives and restores customers and sites; an archived one is listed apart and cannot be named anew', async () => {
      const made = await newCustomer({ name: 'Seasonal Co' });
      const archived = await send('POST', `/customers/${made.id}/archive`, admin.token);
      expect(archived.body).toMatchObject({ archived: true, version: 2 });
      expect((await send('POST', `/customers/${made.id}/archive`, admin.token)).body.version).toBe(2);
      expect(await listIds('/customers', general.token, 'archived=true&q=seasonal')).toEqual([made.id]);
      expect(await listIds('/customers', general.token, 'archived=false&q=seasonal')).toEqual([]);
      const site = await send('POST', `/customers/${made.id}/sites`, admin.token, { name: 'Late' });
      expect(site.status).toBe(400);
      expect(site.body.error.details[0].path).toBe('params.customerId');
      const item = await send('POST', '/jobs', admin.token, job({ customerId: made.id }));
      expect(item.status).toBe(400);
      expect(item.body.error.details[0]).toMatchObject({ path: 'body.customerId', code: 'archived_customer' });
      const restored = await send('POST', `/customers/${made.id}/restore`, admin.token);
      expect(restored.body).toMatchObject({ archived: false, version: 3 });
      expect((await send('POST', '/jobs', admin.token, job({ customerId: made.id }))).status).toBe(201);
    });

    it("answers 404 for another account's or an unknown customer or site, whatever the route", async () => {
      const other = await newAccountWithAdmin('othercustomers');
      const theirs = await newCustomer({ name: 'Theirs' }, other.token);
      const theirSite = (await send('POST', `/customers/${theirs.id}/sites`, other.token, { name: 'Their site' })).body;
      for (const [method, path, body] of [
        ['GET', `/customers/${theirs.id}`],
        ['PATCH', `/customers/${theirs.id}`, { version: 1, name: 'Stolen' }],
        ['POST', `/customers/${theirs.id}/archive`],
        ['DELETE', `/customers/${theirs.id}`],
        ['GET', `/customers/${theirs.id}/sites`],
        ['POST', `/customers/${theirs.id}/sites`, { name: 'Mine' }],
        ['GET', `/sites/${theirSite.id}`],
        ['GET', `/sites/${theirSite.id}/sub-sites`],
        ['PATCH', `/sites/${theirSite.id}`, { version: 1, name: 'Stolen' }],
        ['POST', `/sites/${theirSite.id}/restore`],
        ['DELETE', `/sites/${theirSite.id}`],
        ['GET', '/customers/nobody'],
      ] as const) {
        const res = await send(method, path, admin.token, body);
        expect(res.status, `${method} ${path}`).toBe(404);
      }
      const named = await send('POST', '/jobs', admin.token, job({ customerId: theirs.id, siteId: theirSite.id }));
      expect(named.status).toBe(400);
      expect(named.body.error.details.map((d: { code: string }) => d.code).sort()).toEqual([
        'unknown_customer',
        'unknown_site',
      ]);
      expect((await api(`/customers/${theirs.id}`, { token: other.token })).body.name).toBe('Theirs');
    });
  });

  describe('on jobs, incidents and logs', () => {
    let acme: { id: string };
    let other: { id: string };
    let campus: { id: string };
    let annex: { id: string };
    beforeAll(async () => {
      acme = await newCustomer({ name: 'Acme on items' });
      other = await newCustomer({ name: 'Other on items' });
      campus = await newSite(acme.id, { name: 'Campus' });
      annex = await newSite(acme.id, { name: 'Annex', parentSiteId: campus.id });
    });

    it('shows the customer and site on a job and its list rows, a site alone naming its customer', async () => {
      const made = await send('POST', '/jobs', general.token, job({ siteId: annex.id }));
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ customerId: acme.id, siteId: annex.id, siteTreeId: campus.id });
      const listed = (await api(`/jobs?siteId=${annex.id}`, { token: general.token })).body.items;
      expect(listed).toEqual([expect.objectContaining({ id: made.body.id, customerId: acme.id, siteId: annex.id })]);
    });

    it('answers 400 naming the field for an unknown, mismatched or dangling customer or site', async () => {
      const unknown = await send('POST', '/jobs', general.token, job({ siteId: 'nowhere' }));
      expect(unknown.body.error.details).toEqual([
        expect.objectContaining({ path: 'body.siteId', code: 'unknown_site' }),
      ]);
      const mismatch = await send('POST', '/jobs', general.token, job({ customerId: other.id, siteId: campus.id }));
      expect(mismatch.body.error.details).toEqual([
        expect.objectContaining({ path: 'body.siteId', code: 'site_customer_mismatch' }),
      ]);
      const made = (await send('POST', '/jobs', general.token, job({ siteId: campus.id }))).body;
      const away = await send('PATCH', `/jobs/${made.id}`, general.token, { version: 1, customerId: other.id });
      expect(away.body.error.details).toEqual([
        expect.objectContaining({ path: 'body.customerId', code: 'site_customer_mismatch' }),
      ]);
      const dangling = await send('PATCH', `/jobs/${made.id}`, general.token, { version: 1, customerId: null });
      expect(dangling.body.error.details).toEqual([
        expect.objectContaining({ path: 'body.customerId', code: 'site_needs_customer' }),
      ]);
      const bad = await send('POST', '/jobs', general.token, job({ customerId: 'has#hash' }));
      expect(bad.body.error.details[0].path).toBe('body.customerId');
      expect((await api(`/jobs/${made.id}`, { token: general.token })).body.version).toBe(1);
    });

    it('keeps an archived site on the items that name it, and refuses it on new ones', async () => {
      const site = await newSite(acme.id, { name: 'Closing soon' });
      const made = (await send('POST', '/jobs', general.token, job({ siteId: site.id }))).body;
      await send('POST', `/sites/${site.id}/archive`, admin.token);
      const kept = await send('PATCH', `/jobs/${made.id}`, general.token, { version: 1, title: 'Still there' });
      expect(kept.body).toMatchObject({ siteId: site.id, version: 2 });
      const again = await send('POST', '/jobs', general.token, job({ siteId: site.id }));
      expect(again.body.error.details[0]).toMatchObject({ path: 'body.siteId', code: 'archived_site' });
    });

    it('names customers and sites on incidents and logs too, and filters their lists by them', async () => {
      const incident = await send('POST', '/incidents', general.token, {
        title: 'Broken gate',
        location: { text: 'Gate B' },
        severity: 'low',
        raisedAt: '2026-11-20T10:00:00Z',
        ownerIds: [general.user.id],
        customerId: acme.id,
      });
      expect(incident.status).toBe(201);
      const log = await send('POST', '/logs', general.token, {
        title: 'Patrol',
        occurredAt: '2026-11-20T11:00:00Z',
        ownerIds: [general.user.id],
        siteId: campus.id,
      });
      expect(log.body).toMatchObject({ customerId: acme.id, siteId: campus.id, siteTreeId: campus.id });
      expect(await listIds('/incidents', general.token, `customerId=${acme.id}`)).toEqual([incident.body.id]);
      expect(await listIds('/logs', general.token, `siteId=${campus.id}`)).toEqual([log.body.id]);
      expect(await listIds('/logs', general.token, `customerId=${other.id}`)).toEqual([]);
    });

    it('filters job lists by customer with status, privacy and dates, and refuses other combinations with 400', async () => {
      const open = (await send('POST', '/jobs', general.token, job({ customerId: other.id }))).body;
      const done = (await send('POST', '/jobs', general.token, job({ customerId: other.id, status: 'completed' })))
        .body;
      expect(await listIds('/jobs', general.token, `customerId=${other.id}&status=completed`)).toEqual([done.id]);
      expect(await listIds('/jobs', general.token, `customerId=${other.id}&privacyStatusId=none&status=open`)).toEqual(
        expect.arrayContaining([open.id]),
      );
      expect(await listIds('/jobs', general.token, `customerId=${other.id}&dueTo=2020-01-01T00:00:00Z`)).toEqual([]);
      for (const query of [
        `customerId=${other.id}&ownerId=${general.user.id}`,
        `siteId=${campus.id}&departmentId=d-1`,
        `customerId=${other.id}&siteId=${campus.id}`,
        `customerId=${other.id}&externalUserId=x-1`,
      ]) {
        const res = await api(`/jobs?${query}`, { token: general.token });
        expect(res.status, query).toBe(400);
        expect(res.body.error.details[0].code).toBe('unsupported_filter_combination');
      }
    });

    it('sees, with just owned jobs, only their own jobs of the customer', async () => {
      const ownOnly = await member(t, 'general', 'custownonly', {
        jobs: { access: true, edit: 'owned', see: 'owned' },
      });
      const theirs = (
        await send('POST', '/jobs', admin.token, job({ customerId: other.id, ownerIds: [ownOnly.user.id] }))
      ).body;
      await send('POST', '/jobs', admin.token, job({ customerId: other.id }));
      // Their (owner, customer) rows are kept by the stream consumer (WRK-8).
      await drainStreams();
      expect(await listIds('/jobs', ownOnly.token, `customerId=${other.id}`)).toEqual([theirs.id]);
    });
  });

  describe('deleting', () => {
    it('refuses to delete a customer or site items name (409 IN_USE), and deletes them once nothing does', async () => {
      const acme = await newCustomer({ name: 'Short-lived' });
      const depot = await newSite(acme.id, { name: 'Depot' });
      const annex = await newSite(acme.id, { name: 'Depot annex', parentSiteId: depot.id });
      const made = (await send('POST', '/jobs', admin.token, job({ siteId: annex.id }))).body;
      const site = await send('DELETE', `/sites/${annex.id}`, admin.token);
      expect(site.status).toBe(409);
      expect(site.body.error).toMatchObject({ code: 'IN_USE', details: { items: 1 } });
      const master = await send('DELETE', `/sites/${depot.id}`, admin.token);
      expect(master.body.error).toMatchObject({ code: 'IN_USE', details: { items: 0, subSites: 1 } });
      const customer = await send('DELETE', `/customers/${acme.id}`, admin.token);
      expect(customer.body.error).toMatchObject({ code: 'IN_USE', details: { items: 1, sites: 2 } });
      // An archived item still names them.
      await send('POST', `/jobs/${made.id}/archive`, admin.token);
      expect((await send('DELETE', `/sites/${annex.id}`, admin.token)).status).toBe(409);
      expect((await send('DELETE', `/jobs/${made.id}`, admin.token)).status).toBe(204);
      expect((await send('DELETE', `/sites/${annex.id}`, admin.token)).status).toBe(204);
      expect((await send('DELETE', `/sites/${depot.id}`, admin.token)).status).toBe(204);
      expect((await send('DELETE', `/customers/${acme.id}`, admin.token)).status).toBe(204);
      expect((await api(`/customers/${acme.id}`, { token: admin.token })).status).toBe(404);
    });
  });

  describe('in the audit trail', () => {
    it('shows customer and site changes as account-level entries in the activity view, with old and new values', async () => {
      const made = await newCustomer({ name: 'Audited Co' });
      await send('PATCH', `/customers/${made.id}`, admin.token, { version: 1, name: 'Audited Ltd' });
      await send('POST', `/customers/${made.id}/archive`, admin.token);
      await send('POST', `/customers/${made.id}/restore`, admin.token);
      const site = await newSite(made.id, { name: 'Audited site' });
      await send('DELETE', `/sites/${site.id}`, admin.token);
      await send('DELETE', `/customers/${made.id}`, admin.token);
      await drainStreams();
      const res = await api('/external-activity?limit=100', { token: t.token });
      expect(res.status).toBe(200);
      const about = (res.body.items as Entry[]).filter((e) => e.subject?.id === made.id || e.subject?.id === site.id);
      expect(about.map((e) => e.action).reverse()).toEqual([
        'customer_created',
        'customer_changed',
        'customer_archived',
        'customer_restored',
        'site_created',
        'site_deleted',
        'customer_deleted',
      ]);
      expect(about.every((e) => e.actor.id === admin.user.id)).toBe(true);
      expect(about.find((e) => e.action === 'customer_changed')?.details).toMatchObject({
        fields: ['name'],
        changes: { name: { from: 'Audited Co', to: 'Audited Ltd' } },
      });
      // Not about an item or an external user: an item type or external user filter leaves them out.
      const jobsOnly = await api('/external-activity?itemType=job&limit=100', { token: t.token });
      expect((jobsOnly.body.items as Entry[]).some((e) => e.subject !== undefined)).toBe(false);
      expect((await api('/external-activity', { token: general.token })).status).toBe(403);
    });
  });
});
