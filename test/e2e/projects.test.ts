import { beforeAll, describe, expect, it } from 'vitest';
import { api, invite, type Member, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

/** Invites a staff user and gives them module permissions. */
async function member(t: Tenant, role: string, label: string, permissions?: object): Promise<Member> {
  const m = await invite(t.token, role, label);
  if (!permissions) return m;
  return withPermissions(t, m, permissions);
}

async function withPermissions(t: Tenant, m: Member, permissions: object): Promise<Member> {
  const current = await api(`/users/${m.user.id}`, { token: t.token });
  const res = await send('PATCH', `/users/${m.user.id}`, t.token, { version: current.body.version, permissions });
  if (res.status !== 200) throw new Error(`permissions: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...m, user: res.body };
}

async function listIds(token: string, query = ''): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const res = await api(`/projects?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`, { token });
    if (res.status !== 200) throw new Error(`list: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(...res.body.items.map((i: { id: string }) => i.id));
    cursor = res.body.cursor;
    if (!cursor) break;
  }
  return ids.sort();
}

const planning = (extra: object = {}) => ({ planning: { access: true, ...extra } });

describe('projects through the staff API', () => {
  let t: Tenant;
  let other: Tenant;
  let noPlanning: Member;
  let projectAdmin: Member;
  let editOwned: Member;
  let plain: Member;
  const newProject = (owners: string[], extra: object = {}) => ({
    title: 'Summer festival',
    description: 'Three stages, two nights',
    ownerIds: owners,
    ...extra,
  });
  const create = async (owners: string[], extra: object = {}, token = t.token) => {
    const res = await send('POST', '/projects', token, newProject(owners, extra));
    if (res.status !== 201) throw new Error(`create project: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    [t, other] = await Promise.all([newAccountWithAdmin('projects'), newAccountWithAdmin('projects-other')]);
    [noPlanning, projectAdmin, editOwned, plain] = await Promise.all([
      member(t, 'general', 'noplanning'),
      member(t, 'general', 'projectadmin', planning({ projectAdmin: true })),
      member(t, 'general', 'editowned', planning({ edit: 'owned', see: 'owned' })),
      member(t, 'general', 'plain', planning()),
    ]);
  });

  it('creates an active, non-confidential project at version 1 for a Project Admin', async () => {
    const res = await send('POST', '/projects', projectAdmin.token, newProject([plain.user.id]));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Summer festival',
      status: 'active',
      confidential: false,
      archived: false,
      version: 1,
      ownerIds: [plain.user.id],
      createdBy: projectAdmin.user.id,
    });
  });

  it('answers 403 CREATE_DENIED when a user who is not Project Admin creates a project', async () => {
    const res = await send('POST', '/projects', plain.token, newProject([plain.user.id]));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CREATE_DENIED');
  });

  it('answers 403 CONFIDENTIAL_DENIED when a Project Admin without the confidential grant creates a confidential project', async () => {
    const res = await send(
      'POST',
      '/projects',
      projectAdmin.token,
      newProject([plain.user.id], { confidential: true }),
    );
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CONFIDENTIAL_DENIED');
  });

  it('hides every project from a user without Planning access: 404 and an empty list', async () => {
    const project = await create([noPlanning.user.id]);
    const [got, list, create403] = await Promise.all([
      api(`/projects/${project.id}`, { token: noPlanning.token }),
      api('/projects', { token: noPlanning.token }),
      send('POST', '/projects', noPlanning.token, newProject([noPlanning.user.id])),
    ]);
    expect(got.status).toBe(404);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    expect(create403.body.error.code).toBe('MODULE_ACCESS_REQUIRED');
  });

  it('lets a user who may edit owned projects edit theirs but not see others (404)', async () => {
    const [mine, theirs] = await Promise.all([create([editOwned.user.id]), create([plain.user.id])]);
    const edit = await send('PATCH', `/projects/${mine.id}`, editOwned.token, { version: 1, title: 'Renamed' });
    const hidden = await send('PATCH', `/projects/${theirs.id}`, editOwned.token, { version: 1, title: 'Nope' });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ title: 'Renamed', version: 2, updatedBy: editOwned.user.id });
    expect(hidden.status).toBe(404);
  });

  it('answers 403 EDIT_DENIED when an owned-only editor would drop themselves as owner', async () => {
    const mine = await create([editOwned.user.id]);
    const res = await send('PATCH', `/projects/${mine.id}`, editOwned.token, { version: 1, ownerIds: [plain.user.id] });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('EDIT_DENIED');
  });

  it('lets a user edit a specific project granted to them and only see another granted for seeing', async () => {
    const [editable, viewable] = await Promise.all([create([plain.user.id]), create([plain.user.id])]);
    const specific = await withPermissions(
      t,
      await invite(t.token, 'general', 'specific'),
      planning({ edit: [editable.id], see: [viewable.id] }),
    );
    const [edit, see, editViewable] = await Promise.all([
      send('PATCH', `/projects/${editable.id}`, specific.token, { version: 1, status: 'on_hold' }),
      api(`/projects/${viewable.id}`, { token: specific.token }),
      send('PATCH', `/projects/${viewable.id}`, specific.token, { version: 1, title: 'No' }),
    ]);
    expect(edit.status).toBe(200);
    expect(see.status).toBe(200);
    expect(editViewable.status).toBe(403);
    expect(editViewable.body.error.code).toBe('EDIT_DENIED');
    expect(await listIds(specific.token)).toEqual([editable.id, viewable.id].sort());
  });

  it('shows a confidential project only to users granted it, with edit access', async () => {
    const secret = await create([plain.user.id], { confidential: true });
    const granted = await member(t, 'general', 'granted', planning({ confidential: [secret.id] }));
    const [ownerView, grantedEdit, grantedList] = await Promise.all([
      api(`/projects/${secret.id}`, { token: plain.token }),
      send('PATCH', `/projects/${secret.id}`, granted.token, { version: 1, title: 'Still secret' }),
      listIds(granted.token),
    ]);
    expect(ownerView.status).toBe(404);
    expect(grantedEdit.status).toBe(200);
    expect(grantedList).toContain(secret.id);
  });

  it('answers 409 with the current project for a stale version', async () => {
    const project = await create([plain.user.id]);
    await send('PATCH', `/projects/${project.id}`, t.token, { version: 1, title: 'First' });
    const res = await send('PATCH', `/projects/${project.id}`, t.token, { version: 1, title: 'Second' });
    expect(res.status).toBe(409);
    expect(res.body.error.details.current).toMatchObject({ title: 'First', version: 2 });
  });

  it('answers 400 naming each bad field of a new project', async () => {
    const res = await send('POST', '/projects', t.token, {
      title: '   ',
      ownerIds: [],
      status: 'paused',
      extra: true,
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.title', 'body.ownerIds', 'body.status']));
  });

  it('answers 400 unknown_owner for an owner who is not a staff user of the account', async () => {
    const res = await send('POST', '/projects', t.token, newProject([other.admin.id]));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ path: 'body.ownerIds.0', code: 'unknown_owner' });
  });

  it('answers 404 for a project of another account', async () => {
    const project = await create([plain.user.id]);
    const [get, patch, del] = await Promise.all([
      api(`/projects/${project.id}`, { token: other.token }),
      send('PATCH', `/projects/${project.id}`, other.token, { version: 1, title: 'Mine now' }),
      send('DELETE', `/projects/${project.id}`, other.token),
    ]);
    expect([get.status, patch.status, del.status]).toEqual([404, 404, 404]);
  });

  it('moves an archived project to the archived list and refuses changes to it (409)', async () => {
    const project = await create([plain.user.id]);
    const archived = await send('POST', `/projects/${project.id}/archive`, t.token);
    const change = await send('PATCH', `/projects/${project.id}`, t.token, { version: 2, title: 'Late' });
    expect(archived.body).toMatchObject({ archived: true, version: 2 });
    expect(change.status).toBe(409);
    expect(await listIds(t.token, '&archived=true')).toContain(project.id);
    expect(await listIds(t.token)).not.toContain(project.id);
  });

  it('answers 403 ARCHIVE_DENIED and DELETE_DENIED to a general Project Admin', async () => {
    const project = await create([plain.user.id]);
    const [archive, del] = await Promise.all([
      send('POST', `/projects/${project.id}/archive`, projectAdmin.token),
      send('DELETE', `/projects/${project.id}`, projectAdmin.token),
    ]);
    expect(archive.body.error.code).toBe('ARCHIVE_DENIED');
    expect(del.body.error.code).toBe('DELETE_DENIED');
  });

  it('deletes a project so that it is gone from reads and lists', async () => {
    const project = await create([plain.user.id]);
    const del = await send('DELETE', `/projects/${project.id}`, t.token);
    const got = await api(`/projects/${project.id}`, { token: t.token });
    expect(del.status).toBe(204);
    expect(got.status).toBe(404);
    expect(await listIds(t.token)).not.toContain(project.id);
  });

  it('answers 400 INVALID_CURSOR for a forged list cursor', async () => {
    const cursor = Buffer.from(JSON.stringify({ scope: 7 })).toString('base64url');
    const res = await api(`/projects?cursor=${cursor}`, { token: plain.token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CURSOR');
  });
});
