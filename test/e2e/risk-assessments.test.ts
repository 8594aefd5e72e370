import { beforeAll, describe, expect, it } from 'vitest';
import { api, listIds, type Member, member, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

const listAll = (token: string, query = '') => listIds('/risk-assessments', token, query);

const assessments = (extra: object = {}) => ({ riskAssessments: { access: true, ...extra } });

describe('risk assessments through the staff API', () => {
  let t: Tenant;
  let other: Tenant;
  let owned: Member;
  let editAll: Member;
  let seeOwned: Member;
  let confidential: Member;
  let riskOnly: Member;
  let manager: Member;
  let department: string;
  const newAssessment = (owners: string[], extra: object = {}) => ({
    title: 'Fireworks display',
    description: 'Launch site 60 m from the crowd line',
    ownerIds: owners,
    ...extra,
  });
  const create = async (token: string, owners: string[], extra: object = {}) => {
    const res = await send('POST', '/risk-assessments', token, newAssessment(owners, extra));
    if (res.status !== 201) throw new Error(`create assessment: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    [t, other] = await Promise.all([newAccountWithAdmin('assessments'), newAccountWithAdmin('assessments-other')]);
    const { version } = (await api('/account', { token: t.token })).body;
    const settings = await send('PATCH', '/account', t.token, { version, departments: [{ name: 'Safety' }] });
    department = settings.body.departments[0].id;
    [owned, editAll, seeOwned, confidential, riskOnly, manager] = await Promise.all([
      member(t, 'general', 'raowned', assessments()),
      member(t, 'general', 'raeditall', assessments({ edit: 'all' })),
      member(t, 'general', 'raseeowned', assessments({ see: 'owned' })),
      member(t, 'general', 'raconfidential', assessments({ confidential: true })),
      member(t, 'general', 'rariskonly', { risk: { access: true, riskManager: true } }),
      member(t, 'general', 'ramanager', { risk: { access: true, riskManager: true }, ...assessments() }),
    ]);
  });

  it('creates an assessment with every field and answers it on GET', async () => {
    const res = await send(
      'POST',
      '/risk-assessments',
      t.token,
      newAssessment([owned.user.id], { departmentId: department, confidential: false }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Fireworks display',
      description: 'Launch site 60 m from the crowd line',
      ownerIds: [owned.user.id],
      departmentId: department,
      confidential: false,
      archived: false,
      version: 1,
      createdBy: t.admin.id,
    });
    const read = await api(`/risk-assessments/${res.body.id}`, { token: owned.token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it('answers 400 naming each invalid field of a new assessment', async () => {
    const res = await send('POST', '/risk-assessments', t.token, {
      title: '',
      ownerIds: ['a', 'a'],
      confidential: 1,
      status: 'draft',
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.title', 'body.ownerIds', 'body.confidential']));
  });

  it('shows nothing to a Risk Manager without the Risk Assessments flag: 404s, an empty list, 403 on create', async () => {
    const created = await create(t.token, [riskOnly.user.id]);
    expect((await api(`/risk-assessments/${created.id}`, { token: riskOnly.token })).status).toBe(404);
    const patch = await send('PATCH', `/risk-assessments/${created.id}`, riskOnly.token, { version: 1, title: 'x' });
    expect(patch.status).toBe(404);
    expect(await listAll(riskOnly.token)).toEqual([]);
    const res = await send('POST', '/risk-assessments', riskOnly.token, newAssessment([riskOnly.user.id]));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('MODULE_ACCESS_REQUIRED');
  });

  it('serves assessments to a user with the Risk Assessments flag and no Risk access', async () => {
    const created = await create(owned.token, [owned.user.id]);
    expect((await api(`/risk-assessments/${created.id}`, { token: owned.token })).status).toBe(200);
    expect((await api('/risks', { token: owned.token })).body.items).toEqual([]);
  });

  it('lets a just-owned editor edit their own assessment but not another (403 EDIT_DENIED)', async () => {
    const [mine, theirs] = await Promise.all([create(t.token, [owned.user.id]), create(t.token, [editAll.user.id])]);
    const edit = await send('PATCH', `/risk-assessments/${mine.id}`, owned.token, { version: 1, title: 'Revised' });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ title: 'Revised', version: 2 });
    const refused = await send('PATCH', `/risk-assessments/${theirs.id}`, owned.token, { version: 1, title: 'x' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('EDIT_DENIED');
  });

  it('lets an edit-all user edit an assessment they do not own', async () => {
    const created = await create(t.token, [owned.user.id]);
    const res = await send('PATCH', `/risk-assessments/${created.id}`, editAll.token, { version: 1, title: 'Checked' });
    expect(res.status).toBe(200);
  });

  it('hides an assessment a see-owned user does not own (404) and lists only their own', async () => {
    const [mine, theirs] = await Promise.all([create(t.token, [seeOwned.user.id]), create(t.token, [owned.user.id])]);
    expect((await api(`/risk-assessments/${theirs.id}`, { token: seeOwned.token })).status).toBe(404);
    const listed = await listAll(seeOwned.token);
    expect(listed).toContain(mine.id);
    expect(listed).not.toContain(theirs.id);
  });

  it('refuses a confidential assessment without the grant (403 CONFIDENTIAL_DENIED) and accepts it with it', async () => {
    const refused = await send(
      'POST',
      '/risk-assessments',
      editAll.token,
      newAssessment([editAll.user.id], { confidential: true }),
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('CONFIDENTIAL_DENIED');
    const created = await create(confidential.token, [editAll.user.id], { confidential: true });
    expect(created.confidential).toBe(true);
  });

  it('shows a confidential assessment only with the grant, not to its own owner', async () => {
    const created = await create(confidential.token, [owned.user.id], { confidential: true });
    expect((await api(`/risk-assessments/${created.id}`, { token: owned.token })).status).toBe(404);
    expect(await listAll(owned.token)).not.toContain(created.id);
    expect((await api(`/risk-assessments/${created.id}`, { token: confidential.token })).status).toBe(200);
    expect(await listAll(confidential.token)).toContain(created.id);
    const edit = await send('PATCH', `/risk-assessments/${created.id}`, confidential.token, { version: 1, title: 'y' });
    expect(edit.status).toBe(200);
  });

  it('refuses archive and delete to a user without Risk Manager or an admin role (403)', async () => {
    const created = await create(t.token, [editAll.user.id]);
    const archive = await send('POST', `/risk-assessments/${created.id}/archive`, editAll.token);
    expect(archive.status).toBe(403);
    expect(archive.body.error.code).toBe('ARCHIVE_DENIED');
    const remove = await send('DELETE', `/risk-assessments/${created.id}`, editAll.token);
    expect(remove.status).toBe(403);
    expect(remove.body.error.code).toBe('DELETE_DENIED');
  });

  it('lets a Risk Manager with the flag archive an assessment (read-only, archived list) and an admin delete it', async () => {
    const created = await create(t.token, [manager.user.id]);
    const archived = await send('POST', `/risk-assessments/${created.id}/archive`, manager.token);
    expect(archived.status).toBe(200);
    expect(await listAll(t.token)).not.toContain(created.id);
    expect(await listAll(t.token, 'archived=true')).toContain(created.id);
    const patch = await send('PATCH', `/risk-assessments/${created.id}`, t.token, { version: 2, title: 'x' });
    expect(patch.status).toBe(409);
    expect(patch.body.error.code).toBe('RISK_ASSESSMENT_ARCHIVED');
    expect((await send('DELETE', `/risk-assessments/${created.id}`, t.token)).status).toBe(204);
    expect((await api(`/risk-assessments/${created.id}`, { token: t.token })).status).toBe(404);
  });

  it('answers 409 with the current assessment to a stale version', async () => {
    const created = await create(t.token, [owned.user.id]);
    await send('PATCH', `/risk-assessments/${created.id}`, t.token, { version: 1, title: 'First' });
    const res = await send('PATCH', `/risk-assessments/${created.id}`, t.token, { version: 1, title: 'Second' });
    expect(res.status).toBe(409);
    expect(res.body.error.details.current).toMatchObject({ title: 'First', version: 2 });
  });

  it("answers 404 to another account's admin for every action on an assessment", async () => {
    const created = await create(t.token, [owned.user.id]);
    const path = `/risk-assessments/${created.id}`;
    expect((await api(path, { token: other.token })).status).toBe(404);
    expect((await send('PATCH', path, other.token, { version: 1, title: 'x' })).status).toBe(404);
    expect((await send('POST', `${path}/archive`, other.token)).status).toBe(404);
    expect((await send('DELETE', path, other.token)).status).toBe(404);
    expect(await listAll(other.token)).not.toContain(created.id);
  });

  it('lists only assessments created in the requested range', async () => {
    const created = await create(t.token, [owned.user.id]);
    const after = new Date(Date.parse(created.createdAt) + 1).toISOString();
    expect(await listAll(t.token, `createdFrom=${created.createdAt}&createdTo=${created.createdAt}`)).toContain(
      created.id,
    );
    expect(await listAll(t.token, `createdFrom=${after}`)).not.toContain(created.id);
  });
});
