import { beforeAll, describe, expect, it } from 'vitest';
import { api, invite, type Member, member, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

const jobsView = (extra: object = {}) => ({
  name: 'Dealer jobs',
  kind: 'jobs',
  columns: ['title', 'status', 'dueAt'],
  filters: { statuses: ['open', 'in_progress'] },
  ...extra,
});

describe('external views and roles', () => {
  let t: Tenant;
  let other: Tenant;
  let admin: Member;
  let userAdmin: Member;
  let general: Member;
  let categoryId: string;

  const createView = async (token: string, body: object = jobsView()) => {
    const res = await send('POST', '/external-views', token, body);
    if (res.status !== 201) throw new Error(`view: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const createRole = async (token: string, viewIds: string[], name = 'Dealers') => {
    const res = await send('POST', '/external-roles', token, { name, viewIds });
    if (res.status !== 201) throw new Error(`role: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    [t, other] = await Promise.all([newAccountWithAdmin('extviews'), newAccountWithAdmin('extviews-other')]);
    [admin, userAdmin, general] = await Promise.all([
      invite(t.token, 'admin', 'viewadmin'),
      invite(t.token, 'user_admin', 'viewuseradmin'),
      member(t, 'general', 'viewgeneral', { jobs: { access: true } }),
    ]);
    const category = await send('POST', '/job-categories', t.token, { name: 'Installations' });
    categoryId = category.body.id;
  });

  describe('external views', () => {
    it('creates a jobs view with columns and filters, reads it back and lists views by name', async () => {
      const made = await send(
        'POST',
        '/external-views',
        admin.token,
        jobsView({
          name: 'Zulu open jobs',
          filters: { statuses: ['open'], categoryIds: [categoryId], dueWithinDays: 30 },
        }),
      );
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({
        name: 'Zulu open jobs',
        kind: 'jobs',
        columns: ['title', 'status', 'dueAt'],
        filters: { statuses: ['open'], categoryIds: [categoryId], dueWithinDays: 30 },
        version: 1,
        createdBy: admin.user.id,
      });
      const calendar = await createView(userAdmin.token, {
        name: 'Alpha calendar',
        kind: 'calendar',
        filters: { statuses: ['open'] },
      });
      expect(calendar).toMatchObject({ kind: 'calendar', columns: [], filters: { statuses: ['open'] } });
      expect((await api(`/external-views/${made.body.id}`, { token: t.token })).body).toEqual(made.body);
      const names = (await api('/external-views', { token: t.token })).body.items.map((v: { name: string }) => v.name);
      expect(names.indexOf('Alpha calendar')).toBeLessThan(names.indexOf('Zulu open jobs'));
    });

    it('replaces a view with PUT at its version and refuses a stale version with 409 and the current view', async () => {
      const view = await createView(admin.token);
      const changed = await send('PUT', `/external-views/${view.id}`, admin.token, {
        ...jobsView({ name: 'Renamed', columns: ['title', 'customer', 'site'] }),
        version: 1,
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ name: 'Renamed', columns: ['title', 'customer', 'site'], version: 2 });
      const stale = await send('PUT', `/external-views/${view.id}`, admin.token, { ...jobsView(), version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.error.details.current).toMatchObject({ name: 'Renamed', version: 2 });
    });

    it.each([
      ['filters.customerId', { filters: { customerId: 'c-1' } }],
      ['filters.customerIds', { filters: { customerIds: ['c-1'] } }],
      ['filters.customer', { filters: { customer: 'Acme' } }],
      ['filters.siteId', { filters: { siteId: 's-1' } }],
      ['filters.accountId', { filters: { accountId: 'a-1' } }],
      ['customerId', { customerId: 'c-1' }],
    ])('refuses a customer or site filter given as %s with 400 naming it', async (path, extra) => {
      const res = await send('POST', '/external-views', admin.token, jobsView(extra));
      expect(res.status).toBe(400);
      const issue = res.body.error.details.find((d: { path: string }) => d.path === `body.${path}`);
      expect(issue?.message).toMatch(/never filters by customer/);
    });

    it('refuses a customer filter on a change as well', async () => {
      const view = await createView(admin.token);
      const res = await send('PUT', `/external-views/${view.id}`, admin.token, {
        ...jobsView({ filters: { customerIds: ['x'] } }),
        version: 1,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('body.filters.customerIds');
    });

    it.each([
      ['body.columns.1', { columns: ['title', 'description'] }],
      ['body.columns', { columns: [] }],
      ['body.columns', { columns: undefined }],
      ['body.filters.statuses.0', { filters: { statuses: ['lost'] } }],
      ['body.filters.dueWithinDays', { filters: { dueWithinDays: 10, dueFrom: '2027-01-01T00:00:00Z' } }],
      ['body.filters.dueTo', { filters: { dueFrom: '2027-02-01T00:00:00Z', dueTo: '2027-01-01T00:00:00Z' } }],
      ['body.filters.priority', { filters: { priority: 'high' } }],
      ['body.kind', { kind: 'appointments' }],
      ['body.name', { name: '' }],
    ])('refuses a bad view with 400 naming %s', async (path, extra) => {
      const res = await send('POST', '/external-views', admin.token, jobsView(extra));
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    });

    it('refuses columns and a due window on a calendar view with 400 naming them', async () => {
      const res = await send('POST', '/external-views', admin.token, {
        name: 'Calendar',
        kind: 'calendar',
        columns: ['title'],
        filters: { dueWithinDays: 7 },
      });
      expect(res.status).toBe(400);
      const paths = res.body.error.details.map((d: { path: string }) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['body.columns', 'body.filters.dueWithinDays']));
    });

    it("refuses a job category that is not the account's with 400 naming it", async () => {
      const theirs = await send('POST', '/job-categories', other.token, { name: 'Theirs' });
      const res = await send(
        'POST',
        '/external-views',
        admin.token,
        jobsView({ filters: { categoryIds: [categoryId, theirs.body.id, 'no-such-category'] } }),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
        'body.filters.categoryIds.1',
        'body.filters.categoryIds.2',
      ]);
    });

    it('answers 404 for an unknown view and for another account’s view, on every route', async () => {
      const theirs = await createView(other.token);
      for (const id of ['no-such-view', theirs.id]) {
        expect((await api(`/external-views/${id}`, { token: t.token })).status).toBe(404);
        expect((await send('PUT', `/external-views/${id}`, t.token, { ...jobsView(), version: 1 })).status).toBe(404);
        expect((await send('DELETE', `/external-views/${id}`, t.token)).status).toBe(404);
      }
      expect((await api(`/external-views/${theirs.id}`, { token: other.token })).status).toBe(200);
    });

    it('refuses a general user every view route with 403 SETTINGS_DENIED, even for a view that does not exist', async () => {
      const view = await createView(admin.token);
      const answers = await Promise.all([
        api('/external-views', { token: general.token }),
        api(`/external-views/${view.id}`, { token: general.token }),
        api('/external-views/no-such-view', { token: general.token }),
        send('POST', '/external-views', general.token, jobsView()),
        send('PUT', `/external-views/${view.id}`, general.token, { ...jobsView(), version: 1 }),
        send('DELETE', `/external-views/${view.id}`, general.token),
      ]);
      expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403, 403, 403]);
      expect(answers[0]?.body.error.code).toBe('SETTINGS_DENIED');
      expect((await api(`/external-views/${view.id}`, { token: t.token })).body.version).toBe(1);
    });

    it('deletes an unused view, and a stale version is 409', async () => {
      const view = await createView(admin.token);
      expect((await send('DELETE', `/external-views/${view.id}?version=7`, admin.token)).status).toBe(409);
      expect((await send('DELETE', `/external-views/${view.id}?version=1`, admin.token)).status).toBe(204);
      expect((await api(`/external-views/${view.id}`, { token: admin.token })).status).toBe(404);
    });

    it('refuses to delete a view a role uses with 409 IN_USE naming the roles, and deletes it once none does', async () => {
      const view = await createView(admin.token);
      const keep = await createView(admin.token, jobsView({ name: 'Kept' }));
      const dealers = await createRole(admin.token, [view.id, keep.id], 'Dealers');
      const builders = await createRole(admin.token, [view.id], 'Builders');
      const refused = await send('DELETE', `/external-views/${view.id}`, admin.token);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('IN_USE');
      expect(refused.body.error.details.roles).toEqual(
        expect.arrayContaining([
          { id: dealers.id, name: 'Dealers' },
          { id: builders.id, name: 'Builders' },
        ]),
      );
      expect(
        (
          await send('PUT', `/external-roles/${dealers.id}`, admin.token, {
            name: 'Dealers',
            viewIds: [keep.id],
            version: 1,
          })
        ).status,
      ).toBe(200);
      expect((await send('DELETE', `/external-roles/${builders.id}`, admin.token)).status).toBe(204);
      expect((await send('DELETE', `/external-views/${view.id}`, admin.token)).status).toBe(204);
      const stillUsed = await send('DELETE', `/external-views/${keep.id}`, admin.token);
      expect(stillUsed.body.error.details.roles).toEqual([{ id: dealers.id, name: 'Dealers' }]);
    });
  });

  describe('external roles', () => {
    it('creates a role with its views, reads it, lists roles by name and replaces it at its version', async () => {
      const [a, b] = [await createView(admin.token), await createView(admin.token, jobsView({ name: 'Second' }))];
      const made = await send('POST', '/external-roles', admin.token, { name: 'Zulu builders', viewIds: [a.id] });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ name: 'Zulu builders', viewIds: [a.id], version: 1, createdBy: admin.user.id });
      await createRole(userAdmin.token, [b.id], 'Alpha dealers');
      expect((await api(`/external-roles/${made.body.id}`, { token: t.token })).body).toEqual(made.body);
      const names = (await api('/external-roles', { token: t.token })).body.items.map((r: { name: string }) => r.name);
      expect(names.indexOf('Alpha dealers')).toBeLessThan(names.indexOf('Zulu builders'));
      const changed = await send('PUT', `/external-roles/${made.body.id}`, admin.token, {
        name: 'Builders',
        viewIds: [b.id, a.id],
        version: 1,
      });
      expect(changed.body).toMatchObject({ name: 'Builders', viewIds: [b.id, a.id], version: 2 });
      const stale = await send('PUT', `/external-roles/${made.body.id}`, admin.token, {
        name: 'Late',
        viewIds: [a.id],
        version: 1,
      });
      expect(stale.status).toBe(409);
      expect(stale.body.error.details.current).toMatchObject({ name: 'Builders', version: 2 });
    });

    it('refuses a role without a view, and with an unknown or foreign view, with 400 naming it', async () => {
      const theirs = await createView(other.token);
      const mine = await createView(admin.token);
      const none = await send('POST', '/external-roles', admin.token, { name: 'Empty', viewIds: [] });
      expect(none.status).toBe(400);
      expect(none.body.error.details.map((d: { path: string }) => d.path)).toContain('body.viewIds');
      const foreign = await send('POST', '/external-roles', admin.token, {
        name: 'Foreign',
        viewIds: [mine.id, theirs.id, 'no-such-view'],
      });
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.details.map((d: { path: string }) => d.path)).toEqual([
        'body.viewIds.1',
        'body.viewIds.2',
      ]);
      const missing = await send('POST', '/external-roles', admin.token, { viewIds: [mine.id] });
      expect(missing.body.error.details.map((d: { path: string }) => d.path)).toContain('body.name');
    });

    it('answers 404 for an unknown or foreign role, and 403 to a general user', async () => {
      const theirs = await createRole(other.token, [(await createView(other.token)).id]);
      for (const id of ['no-such-role', theirs.id]) {
        expect((await api(`/external-roles/${id}`, { token: t.token })).status).toBe(404);
        expect((await send('DELETE', `/external-roles/${id}`, t.token)).status).toBe(404);
      }
      const answers = await Promise.all([
        api('/external-roles', { token: general.token }),
        send('POST', '/external-roles', general.token, { name: 'Mine', viewIds: ['x'] }),
        api(`/external-roles/${theirs.id}`, { token: general.token }),
      ]);
      expect(answers.map((a) => a.status)).toEqual([403, 403, 403]);
    });

    it('deletes an unused role and frees its views', async () => {
      const view = await createView(admin.token);
      const role = await createRole(admin.token, [view.id]);
      expect((await send('DELETE', `/external-roles/${role.id}?version=2`, admin.token)).status).toBe(409);
      expect((await send('DELETE', `/external-roles/${role.id}?version=1`, admin.token)).status).toBe(204);
      expect((await api(`/external-roles/${role.id}`, { token: admin.token })).status).toBe(404);
      expect((await send('DELETE', `/external-views/${view.id}`, admin.token)).status).toBe(204);
    });
  });
});
