import { beforeAll, describe, expect, it } from 'vitest';
import { api, listIds, type Member, member, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

const listAll = (token: string, query = '') => listIds('/risks', token, query);

const risk = (extra: object = {}) => ({ risk: { access: true, ...extra } });

describe('risks through the staff API', () => {
  let t: Tenant;
  let other: Tenant;
  let general: Member;
  let editAll: Member;
  let seeOwned: Member;
  let manager: Member;
  let noRisk: Member;
  let department: string;
  const newRisk = (owners: string[], extra: object = {}) => ({
    title: 'Crowd crush at the north gate',
    description: 'Queues back up onto the road',
    kind: 'risk',
    ownerIds: owners,
    ...extra,
  });
  const create = async (token: string, owners: string[], extra: object = {}) => {
    const res = await send('POST', '/risks', token, newRisk(owners, extra));
    if (res.status !== 201) throw new Error(`create risk: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    [t, other] = await Promise.all([newAccountWithAdmin('risks'), newAccountWithAdmin('risks-other')]);
    const { version } = (await api('/account', { token: t.token })).body;
    const settings = await send('PATCH', '/account', t.token, { version, departments: [{ name: 'Safety' }] });
    department = settings.body.departments[0].id;
    [general, editAll, seeOwned, manager, noRisk] = await Promise.all([
      member(t, 'general', 'riskgeneral', risk()),
      member(t, 'general', 'riskeditall', risk({ edit: 'all' })),
      member(t, 'general', 'riskseeowned', risk({ see: 'owned' })),
      member(t, 'general', 'riskmanager', risk({ riskManager: true })),
      member(t, 'general', 'norisk'),
    ]);
  });

  it('creates a risk with every field and answers it on GET', async () => {
    const res = await send(
      'POST',
      '/risks',
      t.token,
      newRisk([general.user.id], {
        kind: 'opportunity',
        status: 'open',
        departmentId: department,
        confidential: false,
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Crowd crush at the north gate',
      description: 'Queues back up onto the road',
      kind: 'opportunity',
      status: 'open',
      ownerIds: [general.user.id],
      departmentId: department,
      confidential: false,
      archived: false,
      version: 1,
      createdBy: t.admin.id,
      updatedBy: t.admin.id,
    });
    const read = await api(`/risks/${res.body.id}`, { token: general.token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it('creates a draft, not confidential, when status and confidential are left out', async () => {
    const created = await create(general.token, [general.user.id], { description: undefined });
    expect(created).toMatchObject({
      status: 'draft',
      confidential: false,
      description: '',
      createdBy: general.user.id,
    });
  });

  it('answers 400 naming each invalid field of a new risk', async () => {
    const res = await send('POST', '/risks', t.token, {
      title: ' ',
      kind: 'threat',
      status: 'pending',
      ownerIds: [],
      confidential: 'yes',
      privacyStatusId: 'x',
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.title', 'body.kind', 'body.status', 'body.ownerIds', 'body.confidential']),
    );
  });

  it('answers 400 for owners that are not active staff users of the account and an unknown department', async () => {
    const res = await send(
      'POST',
      '/risks',
      t.token,
      newRisk([general.user.id, other.admin.id], { departmentId: 'nope' }),
    );
    expect(res.status).toBe(400);
    const codes = res.body.error.details.map((d: { path: string; code: string }) => `${d.path}:${d.code}`);
    expect(codes).toEqual(['body.ownerIds.1:unknown_owner', 'body.departmentId:unknown_department']);
  });

  it('answers 400 to more than 10 owners', async () => {
    const ids = Array.from({ length: 11 }, (_, i) => `user-${i}`);
    const res = await send('POST', '/risks', t.token, newRisk(ids));
    expect(res.status).toBe(400);
  });

  it('shows nothing to a user without Risk access: 404 for every action, an empty list, 403 on create', async () => {
    const created = await create(t.token, [noRisk.user.id]);
    expect((await api(`/risks/${created.id}`, { token: noRisk.token })).status).toBe(404);
    expect((await send('PATCH', `/risks/${created.id}`, noRisk.token, { version: 1, title: 'x' })).status).toBe(404);
    expect((await send('POST', `/risks/${created.id}/archive`, noRisk.token)).status).toBe(404);
    expect((await send('DELETE', `/risks/${created.id}`, noRisk.token)).status).toBe(404);
    expect(await listAll(noRisk.token)).toEqual([]);
    const res = await send('POST', '/risks', noRisk.token, newRisk([noRisk.user.id]));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('MODULE_ACCESS_REQUIRED');
  });

  it('refuses a General user a new risk with any status but draft (403 RISK_DRAFT_ONLY)', async () => {
    for (const status of ['open', 'closed']) {
      const res = await send('POST', '/risks', general.token, newRisk([general.user.id], { status }));
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('RISK_DRAFT_ONLY');
    }
    const draft = await send('POST', '/risks', general.token, newRisk([general.user.id], { status: 'draft' }));
    expect(draft.status).toBe(201);
  });

  it('refuses a General user a confidential risk (403 CONFIDENTIAL_DENIED)', async () => {
    const res = await send('POST', '/risks', editAll.token, newRisk([editAll.user.id], { confidential: true }));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CONFIDENTIAL_DENIED');
  });

  it('lets a General user edit a risk they own but not change its status (403 STATUS_CHANGE_DENIED)', async () => {
    const created = await create(general.token, [general.user.id]);
    const edit = await send('PATCH', `/risks/${created.id}`, general.token, { version: 1, title: 'Renamed' });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ title: 'Renamed', version: 2, status: 'draft', updatedBy: general.user.id });
    const status = await send('PATCH', `/risks/${created.id}`, general.token, { version: 2, status: 'open' });
    expect(status.status).toBe(403);
    expect(status.body.error.code).toBe('STATUS_CHANGE_DENIED');
    expect((await api(`/risks/${created.id}`, { token: general.token })).body.status).toBe('draft');
    // The refusal comes before the version check: a stale version changes nothing about it.
    const stale = await send('PATCH', `/risks/${created.id}`, general.token, { version: 1, status: 'open' });
    expect(stale.status).toBe(403);
    expect(stale.body.error.code).toBe('STATUS_CHANGE_DENIED');
  });

  it('lets a General user who edits just owned risks see one they do not own but refuses to edit it (403 EDIT_DENIED)', async () => {
    const created = await create(t.token, [editAll.user.id]);
    expect((await api(`/risks/${created.id}`, { token: general.token })).status).toBe(200);
    const res = await send('PATCH', `/risks/${created.id}`, general.token, { version: 1, title: 'Mine now' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('EDIT_DENIED');
  });

  it('lets a user with edit all edit a risk they do not own', async () => {
    const created = await create(t.token, [general.user.id]);
    const res = await send('PATCH', `/risks/${created.id}`, editAll.token, { version: 1, kind: 'issue' });
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('issue');
  });

  it('hides a risk a see-owned user does not own (404) and lists only their own', async () => {
    const [mine, theirs] = await Promise.all([create(t.token, [seeOwned.user.id]), create(t.token, [general.user.id])]);
    expect((await api(`/risks/${theirs.id}`, { token: seeOwned.token })).status).toBe(404);
    const listed = await listAll(seeOwned.token);
    expect(listed).toContain(mine.id);
    expect(listed).not.toContain(theirs.id);
  });

  it('lets a Risk Manager create an open confidential risk, change its status and see it where others cannot', async () => {
    const created = await create(manager.token, [general.user.id], { status: 'open', confidential: true });
    const closed = await send('PATCH', `/risks/${created.id}`, manager.token, { version: 1, status: 'closed' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect(await listAll(manager.token)).toContain(created.id);
    // Its own owner does not see it: confidential risks are for Risk Managers only.
    expect((await api(`/risks/${created.id}`, { token: general.token })).status).toBe(404);
    expect(await listAll(general.token)).not.toContain(created.id);
  });

  it("lets an admin role change a risk's status", async () => {
    const created = await create(general.token, [general.user.id]);
    const res = await send('PATCH', `/risks/${created.id}`, t.token, { version: 1, status: 'open' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('open');
  });

  it('refuses a General user to flag their own risk confidential (403 CONFIDENTIAL_DENIED)', async () => {
    const created = await create(general.token, [general.user.id]);
    const res = await send('PATCH', `/risks/${created.id}`, general.token, { version: 1, confidential: true });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CONFIDENTIAL_DENIED');
  });

  it('refuses archive and delete to a General user who edits every risk (403)', async () => {
    const created = await create(t.token, [editAll.user.id]);
    const archive = await send('POST', `/risks/${created.id}/archive`, editAll.token);
    expect(archive.status).toBe(403);
    expect(archive.body.error.code).toBe('ARCHIVE_DENIED');
    const remove = await send('DELETE', `/risks/${created.id}`, editAll.token);
    expect(remove.status).toBe(403);
    expect(remove.body.error.code).toBe('DELETE_DENIED');
  });

  it('lets a Risk Manager archive a risk (it moves to the archived list, read-only) and then delete it', async () => {
    const created = await create(general.token, [general.user.id]);
    const archived = await send('POST', `/risks/${created.id}/archive`, manager.token);
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ archived: true, version: 2 });
    expect(await listAll(manager.token)).not.toContain(created.id);
    expect(await listAll(manager.token, 'archived=true')).toContain(created.id);
    const patch = await send('PATCH', `/risks/${created.id}`, manager.token, { version: 2, title: 'x' });
    expect(patch.status).toBe(409);
    expect(patch.body.error.code).toBe('RISK_ARCHIVED');
    expect((await send('DELETE', `/risks/${created.id}`, manager.token)).status).toBe(204);
    expect((await api(`/risks/${created.id}`, { token: manager.token })).status).toBe(404);
  });

  it('answers 409 with the current risk to a stale version and changes nothing', async () => {
    const created = await create(t.token, [general.user.id]);
    await send('PATCH', `/risks/${created.id}`, t.token, { version: 1, title: 'First' });
    const res = await send('PATCH', `/risks/${created.id}`, t.token, { version: 1, title: 'Second' });
    expect(res.status).toBe(409);
    expect(res.body.error.details.current).toMatchObject({ title: 'First', version: 2 });
    expect((await api(`/risks/${created.id}`, { token: t.token })).body.title).toBe('First');
  });

  it('answers 400 to a PATCH with nothing to change or a field it may not set', async () => {
    const created = await create(t.token, [general.user.id]);
    expect((await send('PATCH', `/risks/${created.id}`, t.token, { version: 1 })).status).toBe(400);
    expect((await send('PATCH', `/risks/${created.id}`, t.token, { version: 1, archived: true })).status).toBe(400);
    expect((await send('PATCH', `/risks/${created.id}`, t.token, { version: 1, status: 'done' })).status).toBe(400);
  });

  it("answers 404 to another account's admin for every action on a risk", async () => {
    const created = await create(t.token, [general.user.id]);
    expect((await api(`/risks/${created.id}`, { token: other.token })).status).toBe(404);
    expect((await send('PATCH', `/risks/${created.id}`, other.token, { version: 1, title: 'x' })).status).toBe(404);
    expect((await send('POST', `/risks/${created.id}/archive`, other.token)).status).toBe(404);
    expect((await send('DELETE', `/risks/${created.id}`, other.token)).status).toBe(404);
    expect(await listAll(other.token)).not.toContain(created.id);
  });

  it("refuses a cursor from another account's list with 400 INVALID_CURSOR", async () => {
    await Promise.all([create(t.token, [general.user.id]), create(t.token, [general.user.id])]);
    const page = await api('/risks?limit=1', { token: t.token });
    expect(page.body.cursor).toBeDefined();
    const res = await api(`/risks?cursor=${page.body.cursor}`, { token: other.token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CURSOR');
  });

  it('lists by status, and moves a risk to the list of its new status when it changes', async () => {
    const created = await create(t.token, [general.user.id]);
    expect(await listAll(t.token, 'status=draft')).toContain(created.id);
    await send('PATCH', `/risks/${created.id}`, t.token, { version: 1, status: 'open' });
    expect(await listAll(t.token, 'status=draft')).not.toContain(created.id);
    expect(await listAll(t.token, 'status=open')).toContain(created.id);
  });

  it('answers 400 to a status filter that is not a risk status', async () => {
    expect((await api('/risks?status=pending', { token: t.token })).status).toBe(400);
  });
});
