import { beforeAll, describe, expect, it } from 'vitest';
import { daysFromNow } from '../support/dates';
import { api, listIds, type Member, member, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

const listAll = (token: string, query = '') => listIds('/incidents', token, query);

const control = (extra: object = {}) => ({ control: { access: true, incidentsAndLogs: true, ...extra } });

describe('incidents through the staff API', () => {
  let t: Tenant;
  let other: Tenant;
  let editAll: Member;
  let editOwned: Member;
  let seeOwned: Member;
  let granted: Member;
  let controlAdmin: Member;
  let controlOnly: Member;
  let restricted: string;
  let secret: string;
  let department: string;
  const newIncident = (owners: string[], extra: object = {}) => ({
    title: 'Crowd surge at gate B',
    description: 'Stewards redirected the queue',
    location: { text: 'Gate B', lat: 51.5, lng: -0.1 },
    severity: 'high',
    raisedAt: '2026-11-20T18:30:00+01:00',
    ownerIds: owners,
    ...extra,
  });
  const create = async (token: string, owners: string[], extra: object = {}) => {
    const res = await send('POST', '/incidents', token, newIncident(owners, extra));
    if (res.status !== 201) throw new Error(`create incident: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    [t, other] = await Promise.all([newAccountWithAdmin('incidents'), newAccountWithAdmin('incidents-other')]);
    const { version } = (await api('/account', { token: t.token })).body;
    const settings = await send('PATCH', '/account', t.token, {
      version,
      departments: [{ name: 'Security' }],
      privacyStatuses: [{ name: 'Restricted' }, { name: 'Secret' }],
    });
    [restricted, secret] = settings.body.privacyStatuses.map((p: { id: string }) => p.id);
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

  it('raises an incident with every field and answers it on GET', async () => {
    const res = await send('POST', '/incidents', t.token, newIncident([editAll.user.id], { departmentId: department }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Crowd surge at gate B',
      description: 'Stewards redirected the queue',
      location: { text: 'Gate B', lat: 51.5, lng: -0.1 },
      severity: 'high',
      raisedAt: '2026-11-20T17:30:00.000Z',
      status: 'open',
      ownerIds: [editAll.user.id],
      departmentId: department,
      archived: false,
      version: 1,
      createdBy: t.admin.id,
    });
    const read = await api(`/incidents/${res.body.id}`, { token: editAll.token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it('answers 400 naming each invalid field of a new incident', async () => {
    const res = await send('POST', '/incidents', t.token, {
      title: '',
      raisedAt: 'yesterday',
      location: { text: 'x', lng: 200 },
      severity: 'extreme',
      ownerIds: [],
      status: 'done',
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.title',
        'body.raisedAt',
        'body.location.lng',
        'body.severity',
        'body.ownerIds',
        'body.status',
      ]),
    );
  });

  it('answers 400 naming the severity when it is a number and the account rates low, medium or high', async () => {
    const res = await send('POST', '/incidents', t.token, newIncident([editAll.user.id], { severity: 3 }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: 'body.severity', code: 'severity_scale_mismatch' }),
    ]);
  });

  it('answers 400 to a severity outside 1–5', async () => {
    const res = await send('POST', '/incidents', t.token, newIncident([editAll.user.id], { severity: 6 }));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('body.severity');
  });

  it('follows the account scale when it is numeric: accepts 1–5 and refuses a level, on create and on PATCH', async () => {
    const { version } = (await api('/account', { token: other.token })).body;
    expect((await send('PATCH', '/account', other.token, { version, incidentSeverityScale: 'numeric' })).status).toBe(
      200,
    );
    const level = await send('POST', '/incidents', other.token, newIncident([other.admin.id], { severity: 'low' }));
    expect(level.status).toBe(400);
    expect(level.body.error.details[0]).toMatchObject({ path: 'body.severity', code: 'severity_scale_mismatch' });
    const incident = await create(other.token, [other.admin.id], { severity: 4 });
    expect(incident.severity).toBe(4);
    const patch = await send('PATCH', `/incidents/${incident.id}`, other.token, { version: 1, severity: 'medium' });
    expect(patch.status).toBe(400);
    expect(patch.body.error.details[0].path).toBe('body.severity');
  });

  it('answers 400 for owners that are not active staff users of the account and unknown departments or privacy statuses', async () => {
    const res = await send(
      'POST',
      '/incidents',
      t.token,
      newIncident([editAll.user.id, other.admin.id], { departmentId: 'nope', privacyStatusId: 'nope' }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'body.ownerIds.1', code: 'unknown_owner' }),
        expect.objectContaining({ path: 'body.departmentId', code: 'unknown_department' }),
        expect.objectContaining({ path: 'body.privacyStatusId', code: 'unknown_privacy_status' }),
      ]),
    );
  });

  it('answers 400 to more than 10 owners', async () => {
    const owners = Array.from({ length: 11 }, (_, i) => `user-${i}`);
    const res = await send('POST', '/incidents', t.token, newIncident(owners));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('body.ownerIds');
  });

  it('shows nothing to a user with Control access but without Incidents & Logs: 404 for every action and an empty list', async () => {
    const incident = await create(t.token, [controlOnly.user.id]);
    expect((await api(`/incidents/${incident.id}`, { token: controlOnly.token })).status).toBe(404);
    expect(
      (await send('PATCH', `/incidents/${incident.id}`, controlOnly.token, { version: 1, title: 'x' })).status,
    ).toBe(404);
    expect((await send('POST', `/incidents/${incident.id}/archive`, controlOnly.token)).status).toBe(404);
    expect((await send('DELETE', `/incidents/${incident.id}`, controlOnly.token)).status).toBe(404);
    expect(await api('/incidents', { token: controlOnly.token })).toMatchObject({ status: 200, body: { items: [] } });
  });

  it('refuses a new incident from a user without Incidents & Logs with 403 MODULE_ACCESS_REQUIRED', async () => {
    const res = await send('POST', '/incidents', controlOnly.token, newIncident([controlOnly.user.id]));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('MODULE_ACCESS_REQUIRED');
  });

  it('lets a user with edit-all access edit and close any non-confidential incident', async () => {
    const incident = await create(t.token, [seeOwned.user.id]);
    const res = await send('PATCH', `/incidents/${incident.id}`, editAll.token, {
      version: 1,
      title: 'Resolved surge',
      status: 'closed',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: 'Resolved surge',
      status: 'closed',
      version: 2,
      updatedBy: editAll.user.id,
    });
  });

  it('lets a user who edits just owned incidents see one they do not own but refuses to edit it (403 EDIT_DENIED)', async () => {
    const incident = await create(t.token, [seeOwned.user.id]);
    expect((await api(`/incidents/${incident.id}`, { token: editOwned.token })).status).toBe(200);
    const res = await send('PATCH', `/incidents/${incident.id}`, editOwned.token, { version: 1, title: 'Mine' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('EDIT_DENIED');
  });

  it('lets a user who edits just owned incidents edit one they own', async () => {
    const incident = await create(t.token, [editOwned.user.id]);
    const res = await send('PATCH', `/incidents/${incident.id}`, editOwned.token, {
      version: 1,
      status: 'in_progress',
    });
    expect(res.status).toBe(200);
  });

  it('refuses with 403 an edit that would hand the incident away from a just-owned editor', async () => {
    const incident = await create(t.token, [editOwned.user.id]);
    const res = await send('PATCH', `/incidents/${incident.id}`, editOwned.token, {
      version: 1,
      ownerIds: [editAll.user.id],
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('EDIT_DENIED');
  });

  it('hides an incident a see-owned user does not own (404) and lists only their own', async () => {
    const theirs = await create(t.token, [seeOwned.user.id, editAll.user.id]);
    const notTheirs = await create(t.token, [editAll.user.id]);
    expect((await api(`/incidents/${notTheirs.id}`, { token: seeOwned.token })).status).toBe(404);
    const ids = await listAll(seeOwned.token);
    expect(ids).toContain(theirs.id);
    expect(ids).not.toContain(notTheirs.id);
  });

  it('hides a confidential incident from its own owner without a grant for its privacy status', async () => {
    const incident = await create(t.token, [seeOwned.user.id], { privacyStatusId: restricted });
    const res = await api(`/incidents/${incident.id}`, { token: seeOwned.token });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect(await listAll(seeOwned.token)).not.toContain(incident.id);
  });

  it('lets a user granted a privacy status see, list and edit its incidents only', async () => {
    const incident = await create(t.token, [editAll.user.id], { privacyStatusId: restricted });
    const hidden = await create(t.token, [editAll.user.id], { privacyStatusId: secret });
    expect((await api(`/incidents/${incident.id}`, { token: granted.token })).status).toBe(200);
    const ids = await listAll(granted.token);
    expect(ids).toContain(incident.id);
    expect(ids).not.toContain(hidden.id);
    expect(
      (await send('PATCH', `/incidents/${incident.id}`, granted.token, { version: 1, title: 'Checked' })).status,
    ).toBe(200);
  });

  it('refuses to raise a confidential incident without a grant for its privacy status (403 CONFIDENTIAL_DENIED)', async () => {
    const res = await send(
      'POST',
      '/incidents',
      editAll.token,
      newIncident([editAll.user.id], { privacyStatusId: restricted }),
    );
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CONFIDENTIAL_DENIED');
  });

  it('refuses to move an incident to a privacy status the editor is not granted (403 CONFIDENTIAL_DENIED)', async () => {
    const incident = await create(t.token, [editAll.user.id]);
    const res = await send('PATCH', `/incidents/${incident.id}`, editAll.token, {
      version: 1,
      privacyStatusId: secret,
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CONFIDENTIAL_DENIED');
  });

  it('refuses archive and delete to a General user without Control Admin (403)', async () => {
    const incident = await create(t.token, [editAll.user.id]);
    const archive = await send('POST', `/incidents/${incident.id}/archive`, editAll.token);
    expect(archive.status).toBe(403);
    expect(archive.body.error.code).toBe('ARCHIVE_DENIED');
    const remove = await send('DELETE', `/incidents/${incident.id}`, editAll.token);
    expect(remove.status).toBe(403);
    expect(remove.body.error.code).toBe('DELETE_DENIED');
  });

  it('lets a Control Admin archive an incident (it moves to the archived list) and then delete it', async () => {
    const incident = await create(t.token, [editAll.user.id]);
    const archived = await send('POST', `/incidents/${incident.id}/archive`, controlAdmin.token);
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ archived: true, version: 2 });
    expect(await listAll(controlAdmin.token)).not.toContain(incident.id);
    expect(await listAll(controlAdmin.token, 'archived=true')).toContain(incident.id);
    expect((await send('DELETE', `/incidents/${incident.id}`, controlAdmin.token)).status).toBe(204);
    expect((await api(`/incidents/${incident.id}`, { token: t.token })).status).toBe(404);
    expect(await listAll(controlAdmin.token, 'archived=true')).not.toContain(incident.id);
  });

  it('lets a Control Admin restore an archived incident to the current list, and refuses it to others (403)', async () => {
    const incident = await create(t.token, [editAll.user.id]);
    await send('POST', `/incidents/${incident.id}/archive`, controlAdmin.token);
    const denied = await send('POST', `/incidents/${incident.id}/restore`, editAll.token);
    expect(denied.status).toBe(403);
    const restored = await send('POST', `/incidents/${incident.id}/restore`, controlAdmin.token);
    expect(restored.body).toMatchObject({ archived: false, version: 3 });
    expect(await listAll(controlAdmin.token)).toContain(incident.id);
    expect(await listAll(controlAdmin.token, 'archived=true')).not.toContain(incident.id);
  });

  it('refuses to change an archived incident (409 INCIDENT_ARCHIVED)', async () => {
    const incident = await create(t.token, [editAll.user.id]);
    const archived = await send('POST', `/incidents/${incident.id}/archive`, t.token);
    const res = await send('PATCH', `/incidents/${incident.id}`, t.token, {
      version: archived.body.version,
      title: 'x',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INCIDENT_ARCHIVED');
  });

  it('answers 409 with the current incident to a stale version and changes nothing', async () => {
    const incident = await create(t.token, [editAll.user.id]);
    await send('PATCH', `/incidents/${incident.id}`, t.token, { version: 1, title: 'First' });
    const res = await send('PATCH', `/incidents/${incident.id}`, t.token, { version: 1, title: 'Second' });
    expect(res.status).toBe(409);
    expect(res.body.error.details.current).toMatchObject({ title: 'First', version: 2 });
    expect((await api(`/incidents/${incident.id}`, { token: t.token })).body.title).toBe('First');
  });

  it('answers 400 to a PATCH with nothing to change or a field it may not set', async () => {
    const incident = await create(t.token, [editAll.user.id]);
    expect((await send('PATCH', `/incidents/${incident.id}`, t.token, { version: 1 })).status).toBe(400);
    expect((await send('PATCH', `/incidents/${incident.id}`, t.token, { version: 1, archived: false })).status).toBe(
      400,
    );
  });

  it("answers 404 to another account's admin for every action on an incident", async () => {
    const incident = await create(t.token, [editAll.user.id]);
    expect((await api(`/incidents/${incident.id}`, { token: other.token })).status).toBe(404);
    expect((await send('PATCH', `/incidents/${incident.id}`, other.token, { version: 1, title: 'x' })).status).toBe(
      404,
    );
    expect((await send('POST', `/incidents/${incident.id}/archive`, other.token)).status).toBe(404);
    expect((await send('DELETE', `/incidents/${incident.id}`, other.token)).status).toBe(404);
    expect(await listAll(other.token)).not.toContain(incident.id);
  });

  it("refuses a cursor from another account's list with 400 INVALID_CURSOR", async () => {
    await create(t.token, [editAll.user.id]);
    await create(t.token, [editAll.user.id]);
    const page = await api('/incidents?limit=1', { token: t.token });
    expect(page.body.cursor).toEqual(expect.any(String));
    const res = await api(`/incidents?cursor=${page.body.cursor}`, { token: other.token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CURSOR');
  });

  it('refuses a job list cursor on the incident list (400 INVALID_CURSOR)', async () => {
    await create(t.token, [editAll.user.id]);
    const job = { title: 'j', dueAt: '2026-12-01T09:00:00Z', location: { text: 'x' }, ownerIds: [editAll.user.id] };
    await send('POST', '/jobs', t.token, job);
    await send('POST', '/jobs', t.token, job);
    const jobs = await api('/jobs?limit=1', { token: t.token });
    const res = await api(`/incidents?cursor=${jobs.body.cursor}`, { token: t.token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CURSOR');
  });

  it('lists only incidents raised in the requested range, in order of date raised', async () => {
    const late = await create(t.token, [editAll.user.id], { raisedAt: daysFromNow(1020) });
    const early = await create(t.token, [editAll.user.id], { raisedAt: daysFromNow(1005) });
    const outside = await create(t.token, [editAll.user.id], { raisedAt: daysFromNow(1036) });
    const ids = await listAll(t.token, `raisedFrom=${daysFromNow(1000)}&raisedTo=${daysFromNow(1031)}`);
    expect(ids).toEqual([early.id, late.id]);
    expect(ids).not.toContain(outside.id);
  });

  it('lists by status, and moves an incident to the list of its new status when it changes', async () => {
    const incident = await create(t.token, [editAll.user.id], { raisedAt: daysFromNow(1400) });
    const range = `raisedFrom=${daysFromNow(1390)}&raisedTo=${daysFromNow(1410)}`;
    expect(await listAll(editOwned.token, `status=open&${range}`)).toEqual([incident.id]);
    await send('PATCH', `/incidents/${incident.id}`, editAll.token, { version: 1, status: 'closed' });
    expect(await listAll(editOwned.token, `status=open&${range}`)).toEqual([]);
    expect(await listAll(editOwned.token, `status=closed&${range}`)).toEqual([incident.id]);
  });

  it('answers 400 to an unknown status filter and to a range that ends before it starts', async () => {
    expect((await api('/incidents?status=done', { token: t.token })).body.error.details[0].path).toBe('query.status');
    const res = await api(`/incidents?raisedFrom=${daysFromNow(31)}&raisedTo=${daysFromNow(0)}`, {
      token: t.token,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('query.raisedFrom');
  });
});
