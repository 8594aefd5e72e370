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

  it('lists the users of one status on the server, and answers 400 naming query.status for an unknown one', async () => {
    const { user } = await invite(t.token, 'general', 'filtered');
    const disabled = await api(`/users/${user.id}/disable`, {
      method: 'POST',
      token: t.token,
      headers: json,
      body: JSON.stringify({ version: 1 }),
    });
    expect(disabled.status).toBe(200);
    /** The ids listed, each user checked to be of `status`. */
    const ids = async (status: string, q = '') => {
      const res = await api(`/users?limit=100&status=${status}${q && `&q=${q}`}`, { token: t.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.items.filter((u: { status: string }) => u.status !== status)).toEqual([]);
      return res.body.items.map((u: { id: string }) => u.id);
    };
    expect(await ids('disabled')).toContain(user.id);
    expect(await ids('active')).not.toContain(user.id);
    expect(await ids('active')).toContain(t.admin.id);
    expect(await ids('disabled', user.familyName)).toContain(user.id);
    expect(await ids('active', user.familyName)).not.toContain(user.id);
    for (const status of ['gone', 'Active', '', 'active,disabled']) {
      const res = await api(`/users?status=${encodeURIComponent(status)}`, { token: t.token });
      expect(res.status, status).toBe(400);
      expect(
        res.body.error.details.map((d: { path: string }) => d.path),
        status,
      ).toEqual(['query.status']);
    }
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

describe('deleting a staff user', () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await newAccountWithAdmin('leavers');
  });
  const remove = (userId: string, token: string) => api(`/users/${userId}`, { method: 'DELETE', token });

  it('refuses their token and their sign-in, keeps the record marked deleted, and frees the e-mail for a new user', async () => {
    const { user, email, password, token } = await invite(t.token, 'general', 'leaver');
    const res = await remove(user.id, t.token);
    expect(res.status).toBe(204);
    expect((await api('/me', { token })).body.error.code).toBe('USER_INACTIVE');
    await expect(signIn(email, password)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await api(`/users/${user.id}`, { token: t.token })).body).toMatchObject({ id: user.id, status: 'deleted' });
    const again = await api('/users', {
      method: 'POST',
      token: t.token,
      headers: json,
      body: JSON.stringify({ email, givenName: 'Back', familyName: 'Again', role: 'general' }),
    });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(user.id);
  });

  it('answers 409 USER_DELETED to changing, disabling or enabling a deleted user, and 204 to deleting again', async () => {
    const { user } = await invite(t.token, 'general', 'gone');
    await remove(user.id, t.token);
    const current = (await api(`/users/${user.id}`, { token: t.token })).body;
    const writes = [
      api(`/users/${user.id}`, {
        method: 'PATCH',
        token: t.token,
        headers: json,
        body: JSON.stringify({ version: current.version, givenName: 'Zombie' }),
      }),
      api(`/users/${user.id}/disable`, {
        method: 'POST',
        token: t.token,
        headers: json,
        body: JSON.stringify({ version: current.version }),
      }),
      api(`/users/${user.id}/enable`, {
        method: 'POST',
        token: t.token,
        headers: json,
        body: JSON.stringify({ version: current.version }),
      }),
    ];
    for (const res of await Promise.all(writes)) {
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('USER_DELETED');
    }
    expect((await remove(user.id, t.token)).status).toBe(204);
    expect((await api(`/users/${user.id}`, { token: t.token })).body).toMatchObject({ version: current.version });
  });

  it('refuses a deleted user as a new owner of an item (400 naming the owner)', async () => {
    const { user } = await invite(t.token, 'general', 'former');
    await remove(user.id, t.token);
    const res = await api('/incidents', {
      method: 'POST',
      token: t.token,
      headers: json,
      body: JSON.stringify({
        title: 'Spill',
        severity: 'low',
        raisedAt: '2026-12-01T09:00:00Z',
        location: { text: 'Bar' },
        ownerIds: [user.id],
      }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: 'body.ownerIds.0', code: 'unknown_owner' }),
    ]);
  });

  it('refuses deleting yourself (403 SELF_DELETE_DENIED) and a User Admin deleting an Account Admin (403 ROLE_GRANT_DENIED)', async () => {
    const self = await remove(t.admin.id, t.token);
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('SELF_DELETE_DENIED');
    const userAdmin = await invite(t.token, 'user_admin', 'ua');
    const boss = await remove(t.admin.id, userAdmin.token);
    expect(boss.status).toBe(403);
    expect(boss.body.error.code).toBe('ROLE_GRANT_DENIED');
    expect((await api('/me', { token: t.token })).status).toBe(200);
  });

  it('answers 404 for a user of no account and 403 to a General user', async () => {
    expect((await remove('no-such-user', t.token)).status).toBe(404);
    const general = await invite(t.token, 'general', 'plain');
    const other = await invite(t.token, 'general', 'other');
    const res = await remove(other.user.id, general.token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('USER_SETTINGS_DENIED');
  });

  it('keeps an active Account Admin when the last two delete each other at the same moment', async () => {
    const solo = await newAccountWithAdmin('duel');
    const deputy = await invite(solo.token, 'account_admin', 'deputy');
    const answers = await Promise.all([remove(deputy.user.id, solo.token), remove(solo.admin.id, deputy.token)]);
    expect(answers.filter((a) => a.status === 204).length).toBeLessThanOrEqual(1);
    for (const refused of answers.filter((a) => a.status !== 204)) {
      expect(['LAST_ACCOUNT_ADMIN', 'USER_INACTIVE']).toContain(refused.body.error.code);
    }
    const still = await Promise.all([api('/me', { token: solo.token }), api('/me', { token: deputy.token })]);
    expect(still.filter((me) => me.status === 200 && me.body.role === 'account_admin').length).toBeGreaterThanOrEqual(
      1,
    );
  });
});
