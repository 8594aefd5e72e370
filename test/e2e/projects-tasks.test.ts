import { beforeAll, describe, expect, it } from 'vitest';
import { api, type Member, member, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

const planning = (extra: object = {}) => ({ planning: { access: true, ...extra } });

describe('task groups and tasks through the staff API', () => {
  let t: Tenant;
  let other: Tenant;
  let projectAdmin: Member;
  let editor: Member;
  let viewer: Member;
  let noPlanning: Member;
  const expectOk = (res: { status: number; body: unknown }, status: number) => {
    if (res.status !== status) throw new Error(`expected ${status}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; [field: string]: unknown };
  };
  const project = async (extra: object = {}) =>
    expectOk(await send('POST', '/projects', t.token, { title: 'Build', ownerIds: [t.admin.id], ...extra }), 201);
  const group = async (projectId: string, name = 'Stage') =>
    expectOk(await send('POST', `/projects/${projectId}/task-groups`, t.token, { name }), 201);
  const task = async (projectId: string, extra: object = {}, token = t.token) =>
    expectOk(await send('POST', `/projects/${projectId}/tasks`, token, { title: 'Order fencing', ...extra }), 201);

  beforeAll(async () => {
    [t, other] = await Promise.all([newAccountWithAdmin('tasks'), newAccountWithAdmin('tasks-other')]);
    [projectAdmin, editor, viewer, noPlanning] = await Promise.all([
      member(t, 'general', 'padmin', planning({ projectAdmin: true })),
      member(t, 'general', 'editor', planning()),
      member(t, 'general', 'viewer', planning({ edit: [], see: 'all' })),
      member(t, 'general', 'noplanning'),
    ]);
  });

  it("reads a project's task groups by position and its tasks in one answer", async () => {
    const p = await project();
    const second = expectOk(
      await send('POST', `/projects/${p.id}/task-groups`, projectAdmin.token, { name: 'Second', position: 2 }),
      201,
    );
    const first = expectOk(
      await send('POST', `/projects/${p.id}/task-groups`, projectAdmin.token, { name: 'First', position: 1 }),
      201,
    );
    const inGroup = await task(p.id, { groupId: first.id });
    const loose = await task(p.id);
    const res = await api(`/projects/${p.id}/task-groups`, { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.body.taskGroups.map((g: { id: string }) => g.id)).toEqual([first.id, second.id]);
    expect(res.body.taskGroups[0].taskCount).toBe(1);
    expect(res.body.tasks.map((x: { id: string }) => x.id).sort()).toEqual([inGroup.id, loose.id].sort());
  });

  it('lets a user who edits the project add and change tasks, but not task groups (403 CREATE_DENIED)', async () => {
    const p = await project();
    const added = await task(p.id, { ownerId: editor.user.id, due: '2026-12-24T18:00:00+01:00' }, editor.token);
    const changed = await send('PATCH', `/projects/${p.id}/tasks/${added.id}`, editor.token, {
      version: 1,
      status: 'in_progress',
    });
    const groupRes = await send('POST', `/projects/${p.id}/task-groups`, editor.token, { name: 'Mine' });
    expect(added).toMatchObject({ status: 'todo', ownerId: editor.user.id, due: '2026-12-24T17:00:00.000Z' });
    expect(changed.body).toMatchObject({ status: 'in_progress', version: 2 });
    expect(groupRes.status).toBe(403);
    expect(groupRes.body.error.code).toBe('CREATE_DENIED');
  });

  it('answers 403 to a user who only sees the project when they add or change a task', async () => {
    const p = await project();
    const existing = await task(p.id);
    const [create, patch] = await Promise.all([
      send('POST', `/projects/${p.id}/tasks`, viewer.token, { title: 'Sneaky' }),
      send('PATCH', `/projects/${p.id}/tasks/${existing.id}`, viewer.token, { version: 1, title: 'Sneaky' }),
    ]);
    expect([create.body.error.code, patch.body.error.code]).toEqual(['CREATE_DENIED', 'EDIT_DENIED']);
  });

  it('hides the tasks of a project the caller may not see (404), like the project', async () => {
    const secret = await project({ confidential: true });
    const existing = await task(secret.id);
    const [list, create, patch, noAccess] = await Promise.all([
      api(`/projects/${secret.id}/task-groups`, { token: projectAdmin.token }),
      send('POST', `/projects/${secret.id}/tasks`, projectAdmin.token, { title: 'x' }),
      send('PATCH', `/projects/${secret.id}/tasks/${existing.id}`, projectAdmin.token, { version: 1, title: 'x' }),
      api(`/projects/${secret.id}/task-groups`, { token: noPlanning.token }),
    ]);
    expect([list.status, create.status, patch.status, noAccess.status]).toEqual([404, 404, 404, 404]);
  });

  it('lets a Project Admin archive and delete tasks, and refuses it to an editor (403)', async () => {
    const p = await project();
    const [a, b] = await Promise.all([task(p.id), task(p.id)]);
    const denied = await send('POST', `/projects/${p.id}/tasks/${a.id}/archive`, editor.token);
    const archived = await send('POST', `/projects/${p.id}/tasks/${a.id}/archive`, projectAdmin.token);
    const deleted = await send('DELETE', `/projects/${p.id}/tasks/${b.id}`, projectAdmin.token);
    const afterArchive = await send('PATCH', `/projects/${p.id}/tasks/${a.id}`, t.token, { version: 2, title: 'x' });
    expect(denied.body.error.code).toBe('ARCHIVE_DENIED');
    expect(archived.body).toMatchObject({ archived: true, version: 2 });
    expect(deleted.status).toBe(204);
    expect(afterArchive.body.error.code).toBe('TASK_ARCHIVED');
  });

  it('refuses to delete a task group that still has tasks (409), and deletes it once emptied', async () => {
    const p = await project();
    const g = await group(p.id);
    const x = await task(p.id, { groupId: g.id });
    const refused = await send('DELETE', `/projects/${p.id}/task-groups/${g.id}`, t.token);
    expectOk(await send('PATCH', `/projects/${p.id}/tasks/${x.id}`, t.token, { version: 1, groupId: null }), 200);
    const deleted = await send('DELETE', `/projects/${p.id}/task-groups/${g.id}`, t.token);
    expect(refused.body.error.code).toBe('TASK_GROUP_NOT_EMPTY');
    expect(deleted.status).toBe(204);
  });

  it('refuses to delete a project that still has task groups or tasks (409), and deletes it once emptied', async () => {
    const p = await project();
    const g = await group(p.id);
    const x = await task(p.id);
    const withBoth = await send('DELETE', `/projects/${p.id}`, t.token);
    expect(withBoth.status).toBe(409);
    expect(withBoth.body.error.code).toBe('PROJECT_NOT_EMPTY');
    expect((await send('DELETE', `/projects/${p.id}/tasks/${x.id}`, t.token)).status).toBe(204);
    expect((await send('DELETE', `/projects/${p.id}`, t.token)).body.error.code).toBe('PROJECT_NOT_EMPTY');
    expect((await send('DELETE', `/projects/${p.id}/task-groups/${g.id}`, t.token)).status).toBe(204);
    expect((await send('DELETE', `/projects/${p.id}`, t.token)).status).toBe(204);
    expect((await send('GET', `/projects/${p.id}`, t.token)).status).toBe(404);
  });

  it('renames a task group and answers 409 to a stale version of it', async () => {
    const p = await project();
    const g = await group(p.id);
    const renamed = await send('PATCH', `/projects/${p.id}/task-groups/${g.id}`, t.token, { version: 1, name: 'Bar' });
    const stale = await send('PATCH', `/projects/${p.id}/task-groups/${g.id}`, t.token, { version: 1, name: 'Gate' });
    expect(renamed.body).toMatchObject({ name: 'Bar', version: 2, taskCount: 0 });
    expect(stale.status).toBe(409);
  });

  it('answers 400 unknown_task_group for a group of another project', async () => {
    const [p, q] = await Promise.all([project(), project()]);
    const g = await group(q.id);
    const res = await send('POST', `/projects/${p.id}/tasks`, t.token, { title: 'x', groupId: g.id });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ path: 'body.groupId', code: 'unknown_task_group' });
  });

  it('answers 400 for a start after the due date, an unknown owner or an unknown status', async () => {
    const p = await project();
    const [range, owner, status] = await Promise.all([
      send('POST', `/projects/${p.id}/tasks`, t.token, {
        title: 'x',
        start: '2026-12-02T00:00:00Z',
        due: '2026-12-01T00:00:00Z',
      }),
      send('POST', `/projects/${p.id}/tasks`, t.token, { title: 'x', ownerId: other.admin.id }),
      send('POST', `/projects/${p.id}/tasks`, t.token, { title: 'x', status: 'blocked' }),
    ]);
    expect([range.status, owner.status, status.status]).toEqual([400, 400, 400]);
    expect(owner.body.error.details[0]).toMatchObject({ path: 'body.ownerId', code: 'unknown_owner' });
  });

  it('answers 409 with the current task for a stale version', async () => {
    const p = await project();
    const x = await task(p.id);
    await send('PATCH', `/projects/${p.id}/tasks/${x.id}`, t.token, { version: 1, title: 'First' });
    const res = await send('PATCH', `/projects/${p.id}/tasks/${x.id}`, t.token, { version: 1, title: 'Second' });
    expect(res.status).toBe(409);
    expect(res.body.error.details.current).toMatchObject({ title: 'First', version: 2 });
  });

  it('answers 404 for a task addressed under another project or from another account', async () => {
    const [p, q] = await Promise.all([project(), project()]);
    const x = await task(p.id);
    const [wrongProject, otherAccount, otherList] = await Promise.all([
      send('PATCH', `/projects/${q.id}/tasks/${x.id}`, t.token, { version: 1, title: 'x' }),
      send('DELETE', `/projects/${p.id}/tasks/${x.id}`, other.token),
      api(`/projects/${p.id}/task-groups`, { token: other.token }),
    ]);
    expect([wrongProject.status, otherAccount.status, otherList.status]).toEqual([404, 404, 404]);
  });
});
