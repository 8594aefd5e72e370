import { beforeAll, describe, expect, it } from 'vitest';
import { api, invite, newAccountWithAdmin } from '../support/staff-session';

type Tenant = Awaited<ReturnType<typeof newAccountWithAdmin>>;
type Invited = Awaited<ReturnType<typeof invite>>;
const json = { 'content-type': 'application/json' };
const post = (token: string, body: object) =>
  api('/job-categories', { method: 'POST', token, headers: json, body: JSON.stringify(body) });
const patch = (token: string, id: string, body: object) =>
  api(`/job-categories/${id}`, { method: 'PATCH', token, headers: json, body: JSON.stringify(body) });

describe('job categories', () => {
  let t: Tenant;
  let admin: Invited;
  let withJobs: Invited;
  let withoutJobs: Invited;
  let departmentId: string;
  beforeAll(async () => {
    t = await newAccountWithAdmin('categories');
    const account = (await api('/account', { token: t.token })).body;
    const updated = await api('/account', {
      method: 'PATCH',
      token: t.token,
      headers: json,
      body: JSON.stringify({ version: account.version, departments: [{ name: 'Security' }] }),
    });
    departmentId = updated.body.departments[0].id;
    admin = await invite(t.token, 'admin');
    withJobs = await invite(t.token, 'general', 'jobsuser');
    withoutJobs = await invite(t.token, 'general', 'nojobs');
    await api(`/users/${withJobs.user.id}`, {
      method: 'PATCH',
      token: t.token,
      headers: json,
      body: JSON.stringify({ version: 1, permissions: { jobs: { access: true } } }),
    });
  });

  it('lets an admin create a category that everyone with Jobs access reads, listed by name', async () => {
    const zulu = await post(admin.token, {
      name: 'Zulu gate check',
      defaultOwnerIds: [withJobs.user.id],
      departmentIds: [departmentId],
    });
    const alpha = await post(admin.token, { name: 'Alpha patrol', description: 'Walk the perimeter' });
    expect(zulu.status).toBe(201);
    expect(zulu.body).toMatchObject({
      name: 'Zulu gate check',
      defaultOwnerIds: [withJobs.user.id],
      departmentIds: [departmentId],
      archived: false,
      version: 1,
    });
    const read = await api(`/job-categories/${alpha.body.id}`, { token: withJobs.token });
    expect(read.body).toMatchObject({
      name: 'Alpha patrol',
      description: 'Walk the perimeter',
      createdBy: admin.user.id,
    });
    const names = (await api('/job-categories', { token: withJobs.token })).body.items.map(
      (c: { name: string }) => c.name,
    );
    expect(names.indexOf('Alpha patrol')).toBeLessThan(names.indexOf('Zulu gate check'));
  });

  it('hides categories from a user without Jobs access: an empty list and 404', async () => {
    const made = await post(admin.token, { name: 'Hidden from some' });
    expect((await api('/job-categories', { token: withoutJobs.token })).body).toEqual({ items: [] });
    expect((await api(`/job-categories/${made.body.id}`, { token: withoutJobs.token })).status).toBe(404);
  });

  it('refuses to let a General user manage categories, with 403', async () => {
    const res = await post(withJobs.token, { name: 'Mine' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toMatch(/DENIED|REQUIRED/);
  });

  it('keeps names unique, case-insensitively, and frees a name on rename', async () => {
    const first = await post(admin.token, { name: 'Bar opening' });
    const clash = await post(admin.token, { name: 'BAR OPENING' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('NAME_TAKEN');
    const other = await post(admin.token, { name: 'Bar closing' });
    const renameClash = await patch(admin.token, other.body.id, { version: 1, name: 'bar opening' });
    expect(renameClash.body.error.code).toBe('NAME_TAKEN');
    expect((await api(`/job-categories/${other.body.id}`, { token: admin.token })).body).toMatchObject({
      name: 'Bar closing',
      version: 1,
    });
    expect((await patch(admin.token, first.body.id, { version: 1, name: 'Bar setup' })).status).toBe(200);
    expect((await post(admin.token, { name: 'Bar opening' })).status).toBe(201);
  });

  it('answers 400 naming unknown default owners and departments, and bad fields', async () => {
    const res = await post(admin.token, { name: 'Refs', defaultOwnerIds: ['ghost'], departmentIds: ['nowhere'] });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'body.defaultOwnerIds.0',
      'body.departmentIds.0',
    ]);
    const bad = await post(admin.token, { name: '', colour: 'red' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('colour');
  });

  it('archives and restores a category, with 409 for a stale version', async () => {
    const made = await post(admin.token, { name: 'Seasonal' });
    const archived = await patch(admin.token, made.body.id, { version: 1, archived: true });
    expect(archived.body).toMatchObject({ archived: true, version: 2 });
    const stale = await patch(admin.token, made.body.id, { version: 1, archived: false });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current).toMatchObject({ archived: true, version: 2 });
    expect((await patch(admin.token, made.body.id, { version: 2, archived: false })).body.archived).toBe(false);
  });

  it("never shows another account's category", async () => {
    const other = await newAccountWithAdmin('othercats');
    const theirs = await post(other.token, { name: 'Theirs' });
    expect((await api(`/job-categories/${theirs.body.id}`, { token: t.token })).status).toBe(404);
    expect((await patch(t.token, theirs.body.id, { version: 1, name: 'Stolen' })).status).toBe(404);
  });
});
