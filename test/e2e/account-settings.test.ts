import { beforeAll, describe, expect, it } from 'vitest';
import { api, invite, newAccountWithAdmin, newEmail } from '../support/staff-session';

type Tenant = Awaited<ReturnType<typeof newAccountWithAdmin>>;
const json = { 'content-type': 'application/json' };
const patch = (token: string, body: object) =>
  api('/account', { method: 'PATCH', token, headers: json, body: JSON.stringify(body) });

describe('account settings', () => {
  let t: Tenant;
  let admin: Awaited<ReturnType<typeof invite>>;
  let general: Awaited<ReturnType<typeof invite>>;
  beforeAll(async () => {
    t = await newAccountWithAdmin('settings');
    admin = await invite(t.token, 'admin');
    general = await invite(t.token, 'general');
  });

  it('starts with no departments or privacy statuses and the low/medium/high severity scale', async () => {
    const res = await api('/account', { token: general.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: t.account.id,
      departments: [],
      privacyStatuses: [],
      incidentSeverityScale: 'levels',
    });
  });

  it('lets an Admin keep an ordered list of departments and privacy statuses: rename, reorder, archive, never remove', async () => {
    const { version } = (await api('/account', { token: admin.token })).body;
    const added = await patch(admin.token, {
      version,
      departments: [{ name: 'Security' }, { name: 'Stewarding' }],
      privacyStatuses: [{ name: 'Restricted' }, { name: 'Secret' }],
    });
    expect(added.status).toBe(200);
    expect(added.body.privacyStatuses.map((p: { name: string }) => p.name)).toEqual(['Restricted', 'Secret']);
    const [security, stewarding] = added.body.departments;

    const reordered = await patch(admin.token, {
      version: added.body.version,
      departments: [
        { id: stewarding.id, name: 'Stewards' },
        { id: security.id, name: 'Security', archived: true },
      ],
    });
    expect(reordered.status).toBe(200);
    expect(reordered.body.departments).toEqual([
      { id: stewarding.id, name: 'Stewards', archived: false },
      { id: security.id, name: 'Security', archived: true },
    ]);

    const removed = await patch(admin.token, {
      version: reordered.body.version,
      departments: [{ id: stewarding.id, name: 'Stewards' }],
    });
    expect(removed.status).toBe(400);
    expect(removed.body.error.details[0]).toMatchObject({ path: 'body.departments', code: 'entry_removed' });
  });

  it('answers 400 for duplicate names, unknown ids and more than ten privacy statuses', async () => {
    const fresh = await newAccountWithAdmin('lists');
    const { version } = (await api('/account', { token: fresh.token })).body;
    const duplicate = await patch(fresh.token, { version, departments: [{ name: 'Gate' }, { name: 'gate' }] });
    expect(duplicate.body.error.details).toEqual([
      expect.objectContaining({ path: 'body.departments.1.name', code: 'duplicate_name' }),
    ]);
    const unknown = await patch(fresh.token, { version, departments: [{ id: 'nope', name: 'Ghost' }] });
    expect(unknown.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'body.departments.0.id', code: 'unknown_id' })]),
    );
    const tooMany = await patch(fresh.token, {
      version,
      privacyStatuses: Array.from({ length: 11 }, (_, i) => ({ name: `Level ${i}` })),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details[0].path).toBe('body.privacyStatuses');
  });

  it('keeps account settings to Account Admins and all settings away from General users', async () => {
    const { version } = (await api('/account', { token: t.token })).body;
    const byAdmin = await patch(admin.token, { version, name: 'Renamed by an Admin' });
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.error.code).toBe('ACCOUNT_SETTINGS_DENIED');
    const byGeneral = await patch(general.token, { version, departments: [] });
    expect(byGeneral.status).toBe(403);
    expect(byGeneral.body.error.code).toBe('SETTINGS_DENIED');
    const byOwner = await patch(t.token, { version, name: 'Arena Ops', incidentSeverityScale: 'numeric' });
    expect(byOwner.status).toBe(200);
    expect(byOwner.body).toMatchObject({ name: 'Arena Ops', incidentSeverityScale: 'numeric', version: version + 1 });
  });

  it('answers 409 with the current account for a stale version', async () => {
    const { version } = (await api('/account', { token: t.token })).body;
    expect((await patch(t.token, { version, incidentSeverityScale: 'levels' })).status).toBe(200);
    const stale = await patch(t.token, { version, incidentSeverityScale: 'numeric' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current).toMatchObject({ incidentSeverityScale: 'levels' });
  });

  it('gives users only departments and privacy statuses that exist in the account', async () => {
    const fresh = await newAccountWithAdmin('refs');
    const account = (await api('/account', { token: fresh.token })).body;
    const withStatuses = await patch(fresh.token, {
      version: account.version,
      departments: [{ name: 'Control room' }],
      privacyStatuses: [{ name: 'Confidential' }],
    });
    const [status] = withStatuses.body.privacyStatuses;
    const [department] = withStatuses.body.departments;
    const create = (body: object) =>
      api('/users', {
        method: 'POST',
        token: fresh.token,
        headers: json,
        body: JSON.stringify({ email: newEmail('ref'), givenName: 'R', familyName: 'F', role: 'general', ...body }),
      });
    const good = await create({
      departmentIds: [department.id],
      permissions: { jobs: { access: true, confidential: [status.id] } },
    });
    expect(good.status).toBe(201);
    const bad = await create({
      departmentIds: ['no-such-dept'],
      permissions: { jobs: { access: true, confidential: ['nope'] } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { code: string }) => d.code).sort()).toEqual([
      'unknown_department',
      'unknown_privacy_status',
    ]);
  });
});
