import { beforeAll, describe, expect, it } from 'vitest';
import { daysFromNow } from '../support/dates';
import { api, invite, type Member, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

/** Invites a staff user and gives them module permissions. */
async function member(t: Tenant, role: string, label: string, permissions?: object): Promise<Member> {
  const m = await invite(t.token, role, label);
  if (permissions) {
    const res = await send('PATCH', `/users/${m.user.id}`, t.token, { version: m.user.version, permissions });
    if (res.status !== 200) throw new Error(`permissions for ${label}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return m;
}

async function listAll(token: string, query = ''): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const sep = query ? '&' : '';
    const res = await api(`/jobs?limit=3${sep}${query}${cursor ? `&cursor=${cursor}` : ''}`, { token });
    if (res.status !== 200) throw new Error(`list: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(...res.body.items.map((j: { id: string }) => j.id));
    cursor = res.body.cursor;
    if (!cursor) break;
  }
  return ids;
}

describe('jobs through the staff API', () => {
  let t: Tenant;
  let other: Tenant;
  let admin: Member;
  let editAll: Member;
  let editOwned: Member;
  let seeOwned: Member;
  let granted: Member;
  let noAccess: Member;
  let restricted: string;
  let secret: string;
  let department: string;
  let category: { id: string; version: number };
  const newJob = (owners: string[], extra: object = {}) => ({
    title: 'Check fire exits',
    description: 'All gates',
    dueAt: '2026-12-01T09:00:00Z',
    location: { text: 'Gate A', lat: 51.5, lng: -0.1 },
    ownerIds: owners,
    ...extra,
  });
  const create = async (token: string, owners: string[], extra: object = {}) => {
    const res = await send('POST', '/jobs', token, newJob(owners, extra));
    if (res.status !== 201) throw new Error(`create job: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    [t, other] = await Promise.all([newAccountWithAdmin('jobs'), newAccountWithAdmin('jobs-other')]);
    const { version } = (await api('/account', { token: t.token })).body;
    const settings = await send('PATCH', '/account', t.token, {
      version,
      departments: [{ name: 'Security' }],
      privacyStatuses: [{ name: 'Restricted' }, { name: 'Secret' }],
    });
    [restricted, secret] = settings.body.privacyStatuses.map((p: { id: string }) => p.id);
    department = settings.body.departments[0].id;
    [admin, editAll, editOwned, seeOwned, granted, noAccess] = await Promise.all([
      member(t, 'admin', 'admin'),
      member(t, 'general', 'editall', { jobs: { access: true } }),
      member(t, 'general', 'editowned', { jobs: { access: true, edit: 'owned' } }),
      member(t, 'general', 'seeowned', { jobs: { access: true, edit: 'owned', see: 'owned' } }),
      member(t, 'general', 'granted', {
        jobs: { access: true, edit: 'owned', see: 'owned', confidential: [restricted] },
      }),
      member(t, 'general', 'noaccess'),
    ]);
    const made = await send('POST', '/job-categories', t.token, {
      name: 'Stewarding',
      defaultOwnerIds: [editAll.user.id, editOwned.user.id],
    });
    if (made.status !== 201) throw new Error(`category: ${made.status} ${JSON.stringify(made.body)}`);
    category = made.body;
  });

  it('creates a job with every field and answers it on GET', async () => {
    const res = await send(
      'POST',
      '/jobs',
      t.token,
      newJob([editAll.user.id], { departmentId: department, categoryId: category.id }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Check fire exits',
      description: 'All gates',
      dueAt: '2026-12-01T09:00:00.000Z',
      location: { text: 'Gate A', lat: 51.5, lng: -0.1 },
      status: 'open',
      ownerIds: [editAll.user.id],
      departmentId: department,
      categoryId: category.id,
      archived: false,
      version: 1,
      createdBy: t.admin.id,
    });
    const read = await api(`/jobs/${res.body.id}`, { token: editAll.token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it('answers 400 naming each invalid field of a new job', async () => {
    const res = await send('POST', '/jobs', t.token, {
      title: '',
      dueAt: 'tomorrow',
      location: { text: 'x', lat: 100 },
      ownerIds: [],
      status: 'done',
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.title', 'body.dueAt', 'body.location.lat', 'body.ownerIds', 'body.status']),
    );
  });

  it('answers 400 for owners that are not active staff users and unknown departments or privacy statuses', async () => {
    const res = await send(
      'POST',
      '/jobs',
      t.token,
      newJob([editAll.user.id, 'nobody'], { departmentId: 'nope', privacyStatusId: 'nope' }),
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

  it("gives a new job without owners its category's default owners", async () => {
    const { ownerIds: _none, ...withoutOwners } = newJob([], { categoryId: category.id });
    const res = await send('POST', '/jobs', t.token, withoutOwners);
    expect(res.status).toBe(201);
    expect(res.body.ownerIds).toEqual([editAll.user.id, editOwned.user.id]);
  });

  it('answers 400 naming ownerIds for a new job with neither owners nor a category that has default owners', async () => {
    const { ownerIds: _none, ...withoutOwners } = newJob([]);
    const bare = await send('POST', '/jobs', t.token, withoutOwners);
    expect(bare.status).toBe(400);
    expect(bare.body.error.details).toEqual([expect.objectContaining({ path: 'body.ownerIds', code: 'required' })]);
    const empty = await send('POST', '/job-categories', t.token, { name: 'No owners' });
    const withEmpty = await send('POST', '/jobs', t.token, { ...withoutOwners, categoryId: empty.body.id });
    expect(withEmpty.status).toBe(400);
    expect(withEmpty.body.error.details).toEqual([expect.objectContaining({ path: 'body.ownerIds' })]);
  });

  it('answers 400 naming categoryId for an unknown or archived category, on create and on change, and writes nothing', async () => {
    const unknown = await send('POST', '/jobs', t.token, newJob([editAll.user.id], { categoryId: 'no-such-category' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([
      expect.objectContaining({ path: 'body.categoryId', code: 'unknown_category' }),
    ]);
    const old = await send('POST', '/job-categories', t.token, { name: `Retired ${Date.now()}` });
    await send('PATCH', `/job-categories/${old.body.id}`, t.token, { version: old.body.version, archived: true });
    const job = await create(t.token, [editAll.user.id]);
    const change = await send('PATCH', `/jobs/${job.id}`, t.token, { version: job.version, categoryId: old.body.id });
    expect(change.status).toBe(400);
    expect(change.body.error.details).toEqual([
      expect.objectContaining({ path: 'body.categoryId', code: 'archived_category' }),
    ]);
    expect((await api(`/jobs/${job.id}`, { token: t.token })).body.version).toBe(job.version);
  });

  it('refuses an owner from another account', async () => {
    const res = await send('POST', '/jobs', t.token, newJob([other.admin.id]));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ path: 'body.ownerIds.0', code: 'unknown_owner' });
  });

  it('lets a General user with Jobs edit-all access see, edit and change the status of any non-confidential job', async () => {
    const job = await create(t.token, [seeOwned.user.id]);
    const res = await send('PATCH', `/jobs/${job.id}`, editAll.token, {
      version: 1,
      title: 'Renamed',
      status: 'in_progress',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: 'Renamed', status: 'in_progress', version: 2, updatedBy: editAll.user.id });
  });

  it('lets a user who edits just owned jobs see all, but refuses an edit of a job they do not own with 403 EDIT_DENIED', async () => {
    const job = await create(t.token, [seeOwned.user.id]);
    expect((await api(`/jobs/${job.id}`, { token: editOwned.token })).status).toBe(200);
    const res = await send('PATCH', `/jobs/${job.id}`, editOwned.token, { version: 1, title: 'Mine now' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('EDIT_DENIED');
  });

  it('lets a user who edits just owned jobs edit one they own', async () => {
    const job = await create(t.token, [editOwned.user.id]);
    const res = await send('PATCH', `/jobs/${job.id}`, editOwned.token, { version: 1, status: 'completed' });
    expect(res.status).toBe(200);
  });

  it("refuses with 403 an edit that would take the job out of the editor's reach", async () => {
    const job = await create(t.token, [editOwned.user.id]);
    const res = await send('PATCH', `/jobs/${job.id}`, editOwned.token, { version: 1, ownerIds: [editAll.user.id] });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('EDIT_DENIED');
  });

  it('hides a job a see-owned user does not own (404) and lists only their own', async () => {
    const theirs = await create(t.token, [seeOwned.user.id, editAll.user.id]);
    const notTheirs = await create(t.token, [editAll.user.id]);
    expect((await api(`/jobs/${notTheirs.id}`, { token: seeOwned.token })).status).toBe(404);
    const ids = await listAll(seeOwned.token);
    expect(ids).toContain(theirs.id);
    expect(ids).not.toContain(notTheirs.id);
  });

  it('hides a confidential job from its own owner without a grant for its privacy status', async () => {
    const job = await create(t.token, [seeOwned.user.id], { privacyStatusId: restricted });
    const res = await api(`/jobs/${job.id}`, { token: seeOwned.token });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect(await listAll(seeOwned.token)).not.toContain(job.id);
  });

  it('hides a confidential job from an Admin without a grant', async () => {
    const job = await create(t.token, [editAll.user.id], { privacyStatusId: restricted });
    expect((await api(`/jobs/${job.id}`, { token: admin.token })).status).toBe(404);
    expect(await listAll(admin.token)).not.toContain(job.id);
  });

  it('lets a user granted a privacy status see, list and edit its jobs even when they own none of them', async () => {
    const job = await create(t.token, [editAll.user.id], { privacyStatusId: restricted });
    const other = await create(t.token, [editAll.user.id], { privacyStatusId: secret });
    expect((await api(`/jobs/${job.id}`, { token: granted.token })).status).toBe(200);
    const ids = await listAll(granted.token);
    expect(ids).toContain(job.id);
    expect(ids).not.toContain(other.id);
    const res = await send('PATCH', `/jobs/${job.id}`, granted.token, { version: 1, title: 'Checked' });
    expect(res.status).toBe(200);
  });

  it('refuses to create a confidential job without a grant for its privacy status (403 CONFIDENTIAL_DENIED)', async () => {
    const res = await send('POST', '/jobs', editAll.token, newJob([editAll.user.id], { privacyStatusId: restricted }));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CONFIDENTIAL_DENIED');
  });

  it('refuses to move a job to a privacy status the editor is not granted (403 CONFIDENTIAL_DENIED)', async () => {
    const job = await create(t.token, [editAll.user.id]);
    const res = await send('PATCH', `/jobs/${job.id}`, editAll.token, { version: 1, privacyStatusId: secret });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CONFIDENTIAL_DENIED');
  });

  it('answers 404 for every action and an empty list to a user without Jobs access', async () => {
    const job = await create(t.token, [noAccess.user.id]);
    expect((await api(`/jobs/${job.id}`, { token: noAccess.token })).status).toBe(404);
    expect((await send('PATCH', `/jobs/${job.id}`, noAccess.token, { version: 1, title: 'x' })).status).toBe(404);
    expect((await send('POST', `/jobs/${job.id}/archive`, noAccess.token)).status).toBe(404);
    expect((await send('DELETE', `/jobs/${job.id}`, noAccess.token)).status).toBe(404);
    expect(await api('/jobs', { token: noAccess.token })).toMatchObject({ status: 200, body: { items: [] } });
  });

  it('refuses a new job from a user without Jobs access with 403 MODULE_ACCESS_REQUIRED', async () => {
    const res = await send('POST', '/jobs', noAccess.token, newJob([noAccess.user.id]));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('MODULE_ACCESS_REQUIRED');
  });

  it('refuses archive and delete to a General user (403) and lets an Admin archive then delete', async () => {
    const job = await create(t.token, [editAll.user.id]);
    const archiveDenied = await send('POST', `/jobs/${job.id}/archive`, editAll.token);
    expect(archiveDenied.status).toBe(403);
    expect(archiveDenied.body.error.code).toBe('ARCHIVE_DENIED');
    const deleteDenied = await send('DELETE', `/jobs/${job.id}`, editAll.token);
    expect(deleteDenied.body.error.code).toBe('DELETE_DENIED');

    const archived = await send('POST', `/jobs/${job.id}/archive`, admin.token);
    expect(archived.status).toBe(200);
    expect(archived.body.archived).toBe(true);
    expect(await listAll(admin.token)).not.toContain(job.id);
    expect(await listAll(admin.token, 'archived=true')).toContain(job.id);

    expect((await send('DELETE', `/jobs/${job.id}`, admin.token)).status).toBe(204);
    expect((await api(`/jobs/${job.id}`, { token: admin.token })).status).toBe(404);
    expect(await listAll(admin.token, 'archived=true')).not.toContain(job.id);
  });

  it('restores an archived job to the current lists for whoever may archive it, and refuses it to others (403)', async () => {
    const job = await create(t.token, [editAll.user.id]);
    await send('POST', `/jobs/${job.id}/archive`, admin.token);
    const denied = await send('POST', `/jobs/${job.id}/restore`, editAll.token);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('ARCHIVE_DENIED');
    const restored = await send('POST', `/jobs/${job.id}/restore`, admin.token);
    expect(restored.body).toMatchObject({ archived: false, version: 3 });
    expect(await listAll(admin.token)).toContain(job.id);
    expect(await listAll(admin.token, 'archived=true')).not.toContain(job.id);
    const edited = await send('PATCH', `/jobs/${job.id}`, editAll.token, { version: 3, title: 'Back in use' });
    expect(edited.status).toBe(200);
    // Restoring a current job changes nothing.
    expect((await send('POST', `/jobs/${job.id}/restore`, admin.token)).body.version).toBe(4);
  });

  it('refuses to change an archived job (409 JOB_ARCHIVED)', async () => {
    const job = await create(t.token, [editAll.user.id]);
    const archived = await send('POST', `/jobs/${job.id}/archive`, t.token);
    const res = await send('PATCH', `/jobs/${job.id}`, t.token, { version: archived.body.version, title: 'x' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('JOB_ARCHIVED');
  });

  it('answers 409 with the current job to a stale version and changes nothing', async () => {
    const job = await create(t.token, [editAll.user.id]);
    await send('PATCH', `/jobs/${job.id}`, t.token, { version: 1, title: 'First' });
    const res = await send('PATCH', `/jobs/${job.id}`, t.token, { version: 1, title: 'Second' });
    expect(res.status).toBe(409);
    expect(res.body.error.details.current).toMatchObject({ title: 'First', version: 2 });
    expect((await api(`/jobs/${job.id}`, { token: t.token })).body.title).toBe('First');
  });

  it('answers 400 to a PATCH with nothing to change or an unknown field', async () => {
    const job = await create(t.token, [editAll.user.id]);
    expect((await send('PATCH', `/jobs/${job.id}`, t.token, { version: 1 })).status).toBe(400);
    const res = await send('PATCH', `/jobs/${job.id}`, t.token, { version: 1, createdBy: 'me' });
    expect(res.status).toBe(400);
  });

  it("answers 404 to another account's admin for every action on a job", async () => {
    const job = await create(t.token, [editAll.user.id]);
    expect((await api(`/jobs/${job.id}`, { token: other.token })).status).toBe(404);
    expect((await send('PATCH', `/jobs/${job.id}`, other.token, { version: 1, title: 'x' })).status).toBe(404);
    expect((await send('POST', `/jobs/${job.id}/archive`, other.token)).status).toBe(404);
    expect((await send('DELETE', `/jobs/${job.id}`, other.token)).status).toBe(404);
    expect(await listAll(other.token)).not.toContain(job.id);
  });

  it("refuses a cursor from another account's list with 400 INVALID_CURSOR", async () => {
    await create(t.token, [editAll.user.id]);
    await create(t.token, [editAll.user.id]);
    const page = await api('/jobs?limit=1', { token: t.token });
    expect(page.body.cursor).toEqual(expect.any(String));
    await create(other.token, [other.admin.id]);
    const res = await api(`/jobs?cursor=${page.body.cursor}`, { token: other.token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CURSOR');
  });

  it('refuses a cursor that was tampered with (garbage, another scope, another partition) with 400 INVALID_CURSOR', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    await create(t.token, [editAll.user.id]);
    await create(t.token, [editAll.user.id]);
    const page = await api('/jobs?limit=1', { token: editOwned.token });
    const inner = JSON.parse(Buffer.from(page.body.cursor, 'base64url').toString());
    const cursors = [
      'not-a-cursor',
      encode({ scope: 5 }),
      encode({ scope: 0, key: encode({ gsi2pk: 'ACC#someone-else#JOBS#OPEN', gsi2sk: 'x' }) }),
      encode({ ...inner, extra: true }),
    ];
    for (const cursor of cursors) {
      const res = await api(`/jobs?cursor=${cursor}`, { token: editOwned.token });
      expect({ cursor, status: res.status, code: res.body.error?.code }).toEqual({
        cursor,
        status: 400,
        code: 'INVALID_CURSOR',
      });
    }
  });

  it('lists only jobs due in the requested range', async () => {
    const early = await create(t.token, [editAll.user.id], { dueAt: daysFromNow(1005) });
    const late = await create(t.token, [editAll.user.id], { dueAt: daysFromNow(1036) });
    const ids = await listAll(t.token, `dueFrom=${daysFromNow(1000)}&dueTo=${daysFromNow(1031)}`);
    expect(ids).toEqual([early.id]);
    expect(ids).not.toContain(late.id);
  });

  it('lists by status, and moves a job to the list of its new status when it changes', async () => {
    const job = await create(t.token, [editAll.user.id], { dueAt: daysFromNow(1400) });
    const due = `dueFrom=${daysFromNow(1390)}&dueTo=${daysFromNow(1410)}`;
    expect(await listAll(editOwned.token, `status=open&${due}`)).toEqual([job.id]);
    await send('PATCH', `/jobs/${job.id}`, editAll.token, { version: 1, status: 'completed' });
    expect(await listAll(editOwned.token, `status=open&${due}`)).toEqual([]);
    expect(await listAll(editOwned.token, `status=completed&${due}`)).toEqual([job.id]);
  });

  it('answers 400 naming the status when the status filter is unknown', async () => {
    const res = await api('/jobs?status=done', { token: t.token });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('query.status');
  });

  it('answers 400 to a due range that ends before it starts', async () => {
    const res = await api(`/jobs?dueFrom=${daysFromNow(31)}&dueTo=${daysFromNow(0)}`, { token: t.token });
    expect(res.status).toBe(400);
  });
});
