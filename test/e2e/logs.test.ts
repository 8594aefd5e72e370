import { beforeAll, describe, expect, it } from 'vitest';
import { daysFromNow } from '../support/dates';
import { api, invite, listIds, type Member, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

async function member(t: Tenant, role: string, label: string, permissions?: object): Promise<Member> {
  const m = await invite(t.token, role, label);
  if (!permissions) return m;
  const res = await send('PATCH', `/users/${m.user.id}`, t.token, { version: m.user.version, permissions });
  if (res.status !== 200) throw new Error(`permissions for ${label}: ${res.status} ${JSON.stringify(res.body)}`);
  return m;
}

const listAll = (token: string, query = '') => listIds('/logs', token, query);

const control = (extra: object = {}) => ({ control: { access: true, incidentsAndLogs: true, ...extra } });

describe('logs through the staff API', () => {
  let t: Tenant;
  let other: Tenant;
  let editAll: Member;
  let editOwned: Member;
  let seeOwned: Member;
  let granted: Member;
  let controlAdmin: Member;
  let controlOnly: Member;
  let restricted: string;
  let department: string;
  const newLog = (owner: string, extra: object = {}) => ({
    title: 'Doors opened',
    description: 'All turnstiles live',
    occurredAt: '2026-11-20T18:00:00Z',
    ownerIds: [owner],
    ...extra,
  });
  const create = async (token: string, owner: string, extra: object = {}) => {
    const res = await send('POST', '/logs', token, newLog(owner, extra));
    if (res.status !== 201) throw new Error(`create log: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    [t, other] = await Promise.all([newAccountWithAdmin('logs'), newAccountWithAdmin('logs-other')]);
    const { version } = (await api('/account', { token: t.token })).body;
    const settings = await send('PATCH', '/account', t.token, {
      version,
      departments: [{ name: 'Operations' }],
      privacyStatuses: [{ name: 'Restricted' }],
    });
    restricted = settings.body.privacyStatuses[0].id;
    department = settings.body.departments[0].id;
    [editAll, editOwned, seeOwned, granted, controlAdmin, controlOnly] = await Promise.all([
      member(t, 'general', 'editall', control()),
      member(t, 'general', 'editowned', control({ edit: 'owned' })),
      member(t, 'general', 'seeowned', control({ edit: 'owned', see: 'owned' })),
      member(t, 'general', 'granted', control({ edit: 'owned', see: 'owned', confidential: [restricted] })),
      member(t, 'general', 'controladmin', control({ controlAdmin: true })),
      member(t, 'general', 'controlonly', { control: { access: true } }),
    ]);
  });

  it('writes a log entry with every field and answers it on GET', async () => {
    const res = await send('POST', '/logs', t.token, newLog(editAll.user.id, { departmentId: department }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Doors opened',
      description: 'All turnstiles live',
      occurredAt: '2026-11-20T18:00:00.000Z',
      ownerIds: [editAll.user.id],
      departmentId: department,
      archived: false,
      version: 1,
      createdBy: t.admin.id,
    });
    expect((await api(`/logs/${res.body.id}`, { token: editAll.token })).body).toEqual(res.body);
  });

  it('answers 400 to a log entry with two owners or none', async () => {
    const two = await send('POST', '/logs', t.token, {
      ...newLog(editAll.user.id),
      ownerIds: [editAll.user.id, t.admin.id],
    });
    expect(two.status).toBe(400);
    expect(two.body.error.details[0].path).toBe('body.ownerIds');
    const none = await send('POST', '/logs', t.token, { ...newLog(editAll.user.id), ownerIds: [] });
    expect(none.status).toBe(400);
  });

  it('answers 400 naming each invalid field, including fields logs do not have', async () => {
    const res = await send('POST', '/logs', t.token, {
      title: '',
      occurredAt: 'noon',
      ownerIds: [editAll.user.id],
      status: 'open',
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.title', 'body.occurredAt']));
  });

  it('answers 400 for an owner who is not an active staff user of the account', async () => {
    const res = await send('POST', '/logs', t.token, newLog(other.admin.id));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ path: 'body.ownerIds.0', code: 'unknown_owner' });
  });

  it('shows nothing to a user with Control access but without Incidents & Logs', async () => {
    const log = await create(t.token, controlOnly.user.id);
    expect((await api(`/logs/${log.id}`, { token: controlOnly.token })).status).toBe(404);
    expect((await send('PATCH', `/logs/${log.id}`, controlOnly.token, { version: 1, title: 'x' })).status).toBe(404);
    expect(await api('/logs', { token: controlOnly.token })).toMatchObject({ status: 200, body: { items: [] } });
    const write = await send('POST', '/logs', controlOnly.token, newLog(controlOnly.user.id));
    expect(write.body.error.code).toBe('MODULE_ACCESS_REQUIRED');
  });

  it('lets a just-owned editor edit their own log entry and refuses one of someone else (403 EDIT_DENIED)', async () => {
    const own = await create(t.token, editOwned.user.id);
    const theirs = await create(t.token, editAll.user.id);
    expect((await send('PATCH', `/logs/${own.id}`, editOwned.token, { version: 1, title: 'Mine' })).status).toBe(200);
    const res = await send('PATCH', `/logs/${theirs.id}`, editOwned.token, { version: 1, title: 'Mine' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('EDIT_DENIED');
  });

  it('hides from a see-owned user the log entries of others and lists only their own', async () => {
    const own = await create(t.token, seeOwned.user.id);
    const theirs = await create(t.token, editAll.user.id);
    expect((await api(`/logs/${theirs.id}`, { token: seeOwned.token })).status).toBe(404);
    const ids = await listAll(seeOwned.token);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(theirs.id);
  });

  it('shows a confidential log entry only to users granted its privacy status, not to its owner', async () => {
    const log = await create(t.token, seeOwned.user.id, { privacyStatusId: restricted });
    expect((await api(`/logs/${log.id}`, { token: seeOwned.token })).status).toBe(404);
    expect((await api(`/logs/${log.id}`, { token: editAll.token })).status).toBe(404);
    expect((await api(`/logs/${log.id}`, { token: granted.token })).status).toBe(200);
    expect(await listAll(granted.token)).toContain(log.id);
    expect(await listAll(editAll.token)).not.toContain(log.id);
  });

  it('refuses archive and delete to a General user without Control Admin and lets a Control Admin do both', async () => {
    const log = await create(t.token, editAll.user.id);
    expect((await send('POST', `/logs/${log.id}/archive`, editAll.token)).body.error.code).toBe('ARCHIVE_DENIED');
    expect((await send('DELETE', `/logs/${log.id}`, editAll.token)).body.error.code).toBe('DELETE_DENIED');
    const archived = await send('POST', `/logs/${log.id}/archive`, controlAdmin.token);
    expect(archived.status).toBe(200);
    expect(await listAll(controlAdmin.token)).not.toContain(log.id);
    expect(await listAll(controlAdmin.token, 'archived=true')).toContain(log.id);
    const change = await send('PATCH', `/logs/${log.id}`, t.token, { version: archived.body.version, title: 'x' });
    expect(change.body.error.code).toBe('LOG_ARCHIVED');
    expect((await send('DELETE', `/logs/${log.id}`, controlAdmin.token)).status).toBe(204);
    expect((await api(`/logs/${log.id}`, { token: t.token })).status).toBe(404);
  });

  it('answers 409 with the current log entry to a stale version', async () => {
    const log = await create(t.token, editAll.user.id);
    await send('PATCH', `/logs/${log.id}`, t.token, { version: 1, title: 'First' });
    const res = await send('PATCH', `/logs/${log.id}`, t.token, { version: 1, title: 'Second' });
    expect(res.status).toBe(409);
    expect(res.body.error.details.current).toMatchObject({ title: 'First', version: 2 });
  });

  it("answers 404 to another account's admin for every action on a log entry", async () => {
    const log = await create(t.token, editAll.user.id);
    expect((await api(`/logs/${log.id}`, { token: other.token })).status).toBe(404);
    expect((await send('PATCH', `/logs/${log.id}`, other.token, { version: 1, title: 'x' })).status).toBe(404);
    expect((await send('POST', `/logs/${log.id}/archive`, other.token)).status).toBe(404);
    expect((await send('DELETE', `/logs/${log.id}`, other.token)).status).toBe(404);
    expect(await listAll(other.token)).not.toContain(log.id);
  });

  it('lists only log entries in the requested time range, in time order', async () => {
    const late = await create(t.token, editAll.user.id, { occurredAt: daysFromNow(1020) });
    const early = await create(t.token, editAll.user.id, { occurredAt: daysFromNow(1005) });
    await create(t.token, editAll.user.id, { occurredAt: daysFromNow(1036) });
    expect(await listAll(t.token, `occurredFrom=${daysFromNow(1000)}&occurredTo=${daysFromNow(1031)}`)).toEqual([
      early.id,
      late.id,
    ]);
  });

  it('answers 400 to a status filter, which logs do not have, and to a reversed time range', async () => {
    expect((await api('/logs?status=open', { token: t.token })).status).toBe(400);
    const res = await api(`/logs?occurredFrom=${daysFromNow(31)}&occurredTo=${daysFromNow(0)}`, {
      token: t.token,
    });
    expect(res.body.error.details[0].path).toBe('query.occurredFrom');
  });
});
