import { beforeAll, describe, expect, it } from 'vitest';
import { emailsTo } from '../support/inbox';
import { api, invite, newAccountWithAdmin, newEmail, signIn } from '../support/staff-session';

type Tenant = Awaited<ReturnType<typeof newAccountWithAdmin>>;
const json = { 'content-type': 'application/json' };

describe('staff users', () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await newAccountWithAdmin('users');
  });

  it('lets an Account Admin create a user, who is e-mailed a temporary password and signs in with it', async () => {
    const { user, email, token } = await invite(t.token, 'general', 'gina');
    expect(user).toMatchObject({ email, role: 'general', status: 'active', accountId: t.account.id, version: 1 });
    const [invitation] = await emailsTo(email);
    expect(invitation?.subject).toBe('Your FieldPass account');
    const me = await api('/me', { token });
    expect(me.body).toMatchObject({ id: user.id, role: 'general' });
  });

  it('refuses user management to a General user with 403 USER_SETTINGS_DENIED', async () => {
    const general = await invite(t.token, 'general');
    const res = await api('/users', {
      method: 'POST',
      token: general.token,
      headers: json,
      body: JSON.stringify({ email: newEmail('x'), givenName: 'X', familyName: 'Y', role: 'general' }),
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('USER_SETTINGS_DENIED');
  });

  it('lets a User Admin manage users but not grant, change or disable an Account Admin', async () => {
    const userAdmin = await invite(t.token, 'user_admin');
    const made = await invite(userAdmin.token, 'admin');
    expect(made.user.role).toBe('admin');
    const grant = await api('/users', {
      method: 'POST',
      token: userAdmin.token,
      headers: json,
      body: JSON.stringify({ email: newEmail('boss'), givenName: 'B', familyName: 'C', role: 'account_admin' }),
    });
    expect(grant.status).toBe(403);
    expect(grant.body.error.code).toBe('ROLE_GRANT_DENIED');
    const promoteSelf = await api(`/users/${userAdmin.user.id}`, {
      method: 'PATCH',
      token: userAdmin.token,
      headers: json,
      body: JSON.stringify({ version: 1, role: 'account_admin' }),
    });
    expect(promoteSelf.status).toBe(403);
    const disableBoss = await api(`/users/${t.admin.id}/disable`, {
      method: 'POST',
      token: userAdmin.token,
      headers: json,
      body: JSON.stringify({ version: 1 }),
    });
    expect(disableBoss.status).toBe(403);
  });

  it('answers 409 EMAIL_TAKEN for an e-mail in use, leaving no half-made user', async () => {
    const { email } = await invite(t.token, 'general', 'dup');
    const before = (await api('/users?limit=100', { token: t.token })).body.items.length;
    const res = await api('/users', {
      method: 'POST',
      token: t.token,
      headers: json,
      body: JSON.stringify({ email: email.toUpperCase(), givenName: 'D', familyName: 'U', role: 'general' }),
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EMAIL_TAKEN');
    expect((await api('/users?limit=100', { token: t.token })).body.items).toHaveLength(before);
  });

  it('answers 400 naming each bad field', async () => {
    const res = await api('/users', {
      method: 'POST',
      token: t.token,
      headers: json,
      body: JSON.stringify({ email: 'not-an-email', givenName: '', familyName: 'Y', role: 'overlord', accountId: 'x' }),
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.givenName', 'body.role', 'body']));
    expect(JSON.stringify(res.body.error.details)).toContain('accountId');
  });

  it("lists the account's users by name in pages, and never another account's", async () => {
    const other = await newAccountWithAdmin('elsewhere');
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api(`/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: t.token });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((u: { accountId: string; id: string }) => `${u.accountId}/${u.id}`));
      cursor = page.body.cursor;
    } while (cursor);
    expect(seen.every((key) => key.startsWith(`${t.account.id}/`))).toBe(true);
    expect(seen).toContain(`${t.account.id}/${t.admin.id}`);
    expect(seen).not.toContain(`${other.account.id}/${other.admin.id}`);
    const foreign = await api(`/users/${other.admin.id}`, { token: t.token });
    expect(foreign.status).toBe(404);
  });

  it('answers 400 INVALID_CURSOR for a cursor from another account', async () => {
    const other = await newAccountWithAdmin('cursor');
    await invite(other.token, 'general');
    const theirs = await api('/users?limit=1', { token: other.token });
    const res = await api(`/users?limit=1&cursor=${theirs.body.cursor}`, { token: t.token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CURSOR');
  });

  it('answers 409 with the current user for a stale version', async () => {
    const { user } = await invite(t.token, 'general', 'stale');
    const patch = (body: object) =>
      api(`/users/${user.id}`, { method: 'PATCH', token: t.token, headers: json, body: JSON.stringify(body) });
    expect((await patch({ version: 1, role: 'admin' })).status).toBe(200);
    const stale = await patch({ version: 1, role: 'general' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current).toMatchObject({ role: 'admin', version: 2 });
  });
});

describe('the last active Account Admin', () => {
  it('cannot be demoted or disabled, until another Account Admin exists', async () => {
    const t = await newAccountWithAdmin('solo');
    const demote = await api(`/users/${t.admin.id}`, {
      method: 'PATCH',
      token: t.token,
      headers: json,
      body: JSON.stringify({ version: 1, role: 'admin' }),
    });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('LAST_ACCOUNT_ADMIN');
    const disable = await api(`/users/${t.admin.id}/disable`, {
      method: 'POST',
      token: t.token,
      headers: json,
      body: JSON.stringify({ version: 1 }),
    });
    expect(disable.body.error.code).toBe('LAST_ACCOUNT_ADMIN');
    expect((await api('/me', { token: t.token })).body).toMatchObject({ role: 'account_admin', version: 1 });

    const second = await invite(t.token, 'account_admin', 'deputy');
    const handOver = await api(`/users/${t.admin.id}`, {
      method: 'PATCH',
      token: second.token,
      headers: json,
      body: JSON.stringify({ version: 1, role: 'general' }),
    });
    expect(handOver.status).toBe(200);
    const last = await api(`/users/${second.user.id}`, {
      method: 'PATCH',
      token: second.token,
      headers: json,
      body: JSON.stringify({ version: 1, role: 'admin' }),
    });
    expect(last.body.error.code).toBe('LAST_ACCOUNT_ADMIN');
  });
});

describe('disabling a staff user', () => {
  it('refuses their next request and their sign-in, and enabling restores both', async () => {
    const t = await newAccountWithAdmin('gate');
    const { user, email, password, token } = await invite(t.token, 'general', 'steward');
    const disable = await api(`/users/${user.id}/disable`, {
      method: 'POST',
      token: t.token,
      headers: json,
      body: JSON.stringify({ version: 1 }),
    });
    expect(disable.status).toBe(200);
    expect(disable.body.status).toBe('disabled');
    const next = await api('/me', { token });
    expect(next.status).toBe(403);
    expect(next.body.error.code).toBe('USER_INACTIVE');
    await expect(signIn(email, password)).rejects.toMatchObject({ name: 'NotAuthorizedException' });

    const enable = await api(`/users/${user.id}/enable`, {
      method: 'POST',
      token: t.token,
      headers: json,
      body: JSON.stringify({ version: 2 }),
    });
    expect(enable.status).toBe(200);
    const again = await signIn(email, password);
    expect((await api('/me', { token: again })).status).toBe(200);
  });
});

describe('module permissions of staff users', () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await newAccountWithAdmin('perms');
  });
  const create = (body: object) =>
    api('/users', {
      method: 'POST',
      token: t.token,
      headers: json,
      body: JSON.stringify({ email: newEmail('p'), givenName: 'P', familyName: 'Q', ...body }),
    });

  it("returns the caller's effective permissions on GET /me, each marked included or granted", async () => {
    const admin = await api('/me', { token: t.token });
    expect(admin.body.effectivePermissions).toMatchObject({
      role: 'account_admin',
      settings: { account: true, users: true, other: true },
      modules: { jobs: { access: { value: true, source: 'included' } } },
    });
    const general = await invite(t.token, 'general', 'jobsonly');
    await api(`/users/${general.user.id}`, {
      method: 'PATCH',
      token: t.token,
      headers: json,
      body: JSON.stringify({ version: 1, permissions: { jobs: { access: true, edit: 'owned' } } }),
    });
    const me = await api('/me', { token: general.token });
    expect(me.body.effectivePermissions.settings).toEqual({ account: false, users: false, other: false });
    expect(me.body.effectivePermissions.modules.jobs.access).toEqual({ value: true, source: 'granted' });
    expect(me.body.effectivePermissions.modules.jobs.edit).toEqual({ value: 'owned', source: 'granted' });
    expect(me.body.effectivePermissions.modules.planning.access).toEqual({ value: false, source: 'granted' });
  });

  it('stores the module permissions an admin chooses for a General user', async () => {
    const res = await create({
      role: 'general',
      permissions: { jobs: { access: true }, sustainability: { access: true } },
    });
    expect(res.status).toBe(201);
    const stored = await api(`/users/${res.body.id}`, { token: t.token });
    expect(stored.body.permissions).toMatchObject({ jobs: { access: true }, sustainability: { access: true } });
  });

  it('answers 400 PERMISSION_NOT_SETTABLE naming a permission the role already includes', async () => {
    const res = await create({ role: 'admin', permissions: { jobs: { access: false } } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('PERMISSION_NOT_SETTABLE');
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: 'body.permissions.jobs.access', code: 'PERMISSION_INCLUDED' }),
    ]);
  });

  it('refuses a role change that the stored permissions do not fit, until permissions for the new role are sent', async () => {
    const res = await create({ role: 'general', permissions: { jobs: { access: true, edit: 'owned' } } });
    const patch = (body: object) =>
      api(`/users/${res.body.id}`, { method: 'PATCH', token: t.token, headers: json, body: JSON.stringify(body) });
    const refused = await patch({ version: 1, role: 'admin' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('PERMISSION_NOT_SETTABLE');
    expect(refused.body.error.details[0].path).toBe('body.permissions.jobs.edit');
    const accepted = await patch({ version: 1, role: 'admin', permissions: {} });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ role: 'admin', permissions: {}, version: 2 });
  });
});
